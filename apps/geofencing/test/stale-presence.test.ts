import { randomUUID } from 'node:crypto';
import { locationFixesReportedV1 } from '@homeport/contracts';
import { waitFor } from '@homeport/testing';
import { batchFor, createHarness, fixAt, type Harness } from './support/harness';

jest.setTimeout(30_000);

describe('geofencing: a member without fixes for too long', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness('geo_stale', { PRESENCE_STALE_AFTER_MS: '2000', PRESENCE_SWEEP_MS: '100' });
    await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('becomes unknown: they leave (no-recent-fix) and their home empties', async () => {
    const homeId = randomUUID();
    const userId = randomUUID();
    await harness.bus.publish(locationFixesReportedV1, batchFor(userId, homeId, [fixAt(10, 10, Date.now())]));
    await waitFor(() => harness.left.events().some((event) => event.homeId === homeId), 'the stale exit');
    expect(harness.arrived.events().filter((event) => event.homeId === homeId)).toHaveLength(1);
    expect(harness.left.events().find((event) => event.homeId === homeId)).toMatchObject({
      userId,
      reason: 'no-recent-fix',
    });
    await waitFor(
      () => harness.occupancy.events().filter((event) => event.homeId === homeId).length === 2,
      'the home empty',
    );
    const [row] = (
      await harness.pool.query<{ status: string }>(
        'SELECT status FROM geofencing.member_presence WHERE home_id = $1',
        [homeId],
      )
    ).rows;
    expect(row?.status).toBe('unknown');
  });
});
