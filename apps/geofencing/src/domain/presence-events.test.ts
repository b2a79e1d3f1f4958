import { memberEvent, occupancyEvent } from './presence-events';

const homeId = '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30';
const userId = '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11';

describe('presence events', () => {
  it('a home is occupied while at least one member is home: only the first arrival and last exit change it', () => {
    expect(occupancyEvent(homeId, false, 1, 10)).toEqual({
      type: 'home.occupancy-changed.v1',
      payload: { homeId, occupied: true, membersHome: 1, at: 10 },
    });
    expect(occupancyEvent(homeId, true, 2, 20)).toBeUndefined();
    expect(occupancyEvent(homeId, true, 1, 30)).toBeUndefined();
    expect(occupancyEvent(homeId, true, 0, 40)?.payload).toMatchObject({ occupied: false, membersHome: 0 });
  });

  it('an exit by staleness says so', () => {
    expect(memberEvent(homeId, userId, { kind: 'left', at: 5 }, 6, 'no-recent-fix')).toEqual({
      type: 'home.member-left.v1',
      payload: { homeId, userId, reason: 'no-recent-fix', at: 5, detectedAt: 6 },
    });
  });
});
