import { createLostConnections, type EndedConnection } from './lost-connections';

const lostAt = (deviceId: string, seconds: number, connectionId = `${deviceId}-c`): EndedConnection => ({
  address: { vendorId: 'v1', deviceId },
  connectionId,
  at: new Date(Date.UTC(2026, 11, 7, 10, 0, seconds)),
});
const idsOf = (taken: readonly EndedConnection[]) => taken.map((lost) => lost.address.deviceId);

describe('lost connections held for the presence grace', () => {
  it('takes out only the connections lost by the given time, oldest first, each once', () => {
    const lost = createLostConnections();
    lost.hold(lostAt('a', 1));
    lost.hold(lostAt('b', 2));
    lost.hold(lostAt('c', 3));
    expect(idsOf(lost.takeLostBy(lostAt('x', 2).at))).toEqual(['a', 'b']);
    expect(lost.takeLostBy(lostAt('x', 2).at)).toEqual([]);
    expect(idsOf(lost.takeLostBy())).toEqual(['c']);
  });

  it('a device back before its grace ended is released and never taken out', () => {
    const lost = createLostConnections();
    lost.hold(lostAt('a', 1));
    lost.hold(lostAt('b', 2));
    expect(lost.release('a')).toBe(true);
    expect(lost.release('a')).toBe(false);
    expect(idsOf(lost.takeLostBy())).toEqual(['b']);
  });

  it("a device's later lost connection replaces its earlier one and takes its place in time", () => {
    const lost = createLostConnections();
    lost.hold(lostAt('a', 1, 'first'));
    lost.hold(lostAt('b', 2));
    lost.hold(lostAt('a', 3, 'second'));
    expect(idsOf(lost.takeLostBy(lostAt('x', 2).at))).toEqual(['b']);
    expect(lost.takeLostBy()).toEqual([lostAt('a', 3, 'second')]);
  });
});
