import { randomUUID } from 'node:crypto';
import { locationFixesReportedV1, userDeletedV1, type HomePresenceResponse } from '@homeport/contracts';
import { geofencingApiToken, requestJson, waitFor } from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { batchFor, createHarness, fixAt, type FixBatch, type Harness } from './support/harness';

jest.setTimeout(30_000);

describe('geofencing: a deleted account, on the real servers', () => {
  let harness: Harness;
  let service: RunningWorker;

  beforeAll(async () => {
    harness = await createHarness('geo_deletions');
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });

  const publish = (batch: FixBatch) => harness.bus.publish(locationFixesReportedV1, batch);
  const presenceOf = async (homeId: string) =>
    (
      await requestJson<HomePresenceResponse>(service.url, 'GET', `/homes/${homeId}/presence`, {
        token: geofencingApiToken,
      })
    ).body;
  const rowsOf = async (userId: string) =>
    (
      await harness.pool.query<{ kept: number; sharing: number; zones: number; presence: number }>(
        `SELECT (SELECT count(*)::int FROM geofencing.kept_positions WHERE user_id = $1) AS kept,
           (SELECT count(*)::int FROM geofencing.location_sharing WHERE user_id = $1) AS sharing,
           (SELECT count(*)::int FROM geofencing.user_zone_presence WHERE user_id = $1) AS zones,
           (SELECT count(*)::int FROM geofencing.member_presence WHERE user_id = $1) AS presence`,
        [userId],
      )
    ).rows[0];

  it('when the last member home is deleted, the home empties and everything kept of them goes; the other member stays', async () => {
    const [homeId, otherHomeId, deleted, remaining] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const t0 = Date.now() - 600_000;
    await publish(batchFor(deleted, homeId, [fixAt(10, 15, t0)]));
    await publish(batchFor(deleted, otherHomeId, [fixAt(2_000, 15, t0)]));
    await publish(batchFor(remaining, homeId, [fixAt(2_000, 15, t0)]));
    await waitFor(async () => (await presenceOf(homeId)).members.length === 2, 'both members seen');
    await waitFor(async () => (await presenceOf(otherHomeId)).members.length === 1, 'the other home seen');
    expect((await presenceOf(homeId)).occupied).toBe(true);
    // What the person chose and kept, and their own zone's presence, as public-api's routes would have left them.
    for (const sql of [
      'INSERT INTO geofencing.location_sharing (user_id, paused, keep_positions_days, updated_at) VALUES ($1, false, 30, $2)',
      'INSERT INTO geofencing.kept_positions (user_id, at, latitude, longitude, accuracy_meters) VALUES ($1, $2, 48.8, 2.3, 10)',
      "INSERT INTO geofencing.user_zone_presence (user_id, zone_id, status, last_fix_at) VALUES ($1, gen_random_uuid(), 'home', $2)",
    ]) {
      await harness.pool.query(sql, [deleted, t0]);
    }

    const deletion = { userId: deleted, deletedAt: Date.now() };
    await harness.bus.publish(userDeletedV1, deletion);
    await waitFor(
      () => harness.occupancy.events().some((event) => event.homeId === homeId && !event.occupied),
      'the home empty',
    );
    expect(await presenceOf(homeId)).toEqual({
      homeId,
      occupied: false,
      members: [{ userId: remaining, status: 'away' }],
    });
    expect(await presenceOf(otherHomeId)).toEqual({ homeId: otherHomeId, occupied: false, members: [] });
    expect(await rowsOf(deleted)).toEqual({ kept: 0, sharing: 0, zones: 0, presence: 0 });
    // Their departure is a want of fixes, which public-api tells nobody of.
    expect(harness.left.events().filter((event) => event.userId === deleted)).toEqual([
      expect.objectContaining({ homeId, reason: 'no-recent-fix' }),
    ]);

    // Delivered again (the publisher's outbox after a crash): nothing more happens.
    const emptied = harness.occupancy.events().filter((event) => event.homeId === homeId).length;
    await harness.bus.publish(userDeletedV1, deletion);
    await publish(batchFor(remaining, homeId, [fixAt(10, 15, t0 + 60_000)]));
    await waitFor(async () => (await presenceOf(homeId)).occupied, 'the remaining member home');
    // The outbox's relay publishes the change after its commit, so its event may come after the row is read.
    const homeEvents = () => harness.occupancy.events().filter((event) => event.homeId === homeId);
    await waitFor(() => homeEvents().length > emptied, 'the occupancy event of the member home');
    expect(homeEvents()).toHaveLength(emptied + 1);
    expect(harness.left.events().filter((event) => event.userId === deleted)).toHaveLength(1);
  });
});
