import { randomUUID } from 'node:crypto';
import {
  locationFixesReportedV1,
  type HomePresenceResponse,
  type LocationSharingResponse,
} from '@homeport/contracts';
import { geofencingApiToken, requestJson, sleep, waitFor } from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { batchFor, createHarness, fixAt, type FixBatch, type Harness } from './support/harness';

jest.setTimeout(30_000);

describe('geofencing: location privacy, on the real servers', () => {
  let harness: Harness;
  let service: RunningWorker;

  beforeAll(async () => {
    // The positions sweep every 100 ms.
    harness = await createHarness('geo_privacy', { PRESENCE_SWEEP_MS: '100' });
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });

  const publish = (batch: FixBatch) => harness.bus.publish(locationFixesReportedV1, batch);
  const call = <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(service.url, method, path, { body, token: geofencingApiToken });
  const presenceOf = async (homeId: string) =>
    (await call<HomePresenceResponse>('GET', `/homes/${homeId}/presence`)).body;
  const keptPositions = async (userId: string) =>
    (
      await harness.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM geofencing.kept_positions WHERE user_id = $1',
        [userId],
      )
    ).rows[0]?.n;

  it('without a token the internal API is 401', async () => {
    const answer = await requestJson(service.url, 'GET', `/users/${randomUUID()}/location-sharing`, {});
    expect(answer.status).toBe(401);
  });

  it('a member home who pauses becomes unknown and the home empty; their fixes are ignored, and never announced, until they resume', async () => {
    const [homeId, userId] = [randomUUID(), randomUUID()];
    const t0 = Date.now() - 600_000;
    await publish(batchFor(userId, homeId, [fixAt(10, 15, t0)]));
    await waitFor(async () => (await presenceOf(homeId)).occupied, 'the home occupied');

    const paused = await call<LocationSharingResponse>('PUT', `/users/${userId}/location-sharing`, {
      paused: true,
      keepPositionsDays: null,
    });
    expect(paused.body).toMatchObject({ paused: true, keepPositionsDays: null });
    expect(await presenceOf(homeId)).toEqual({
      homeId,
      occupied: false,
      members: [{ userId, status: 'unknown' }],
    });
    await waitFor(
      () => harness.occupancy.events().some((event) => event.homeId === homeId && !event.occupied),
      'the emptiness published',
    );

    await publish(batchFor(userId, homeId, [fixAt(10, 15, t0 + 60_000)]));
    await sleep(500);
    expect((await presenceOf(homeId)).members).toEqual([{ userId, status: 'unknown' }]);

    // What public-api's presence notices read: pausing is a departure for want of fixes (announced to
    // nobody), and no arrival or exit is published while paused, so the other members are never told of them.
    const eventsOf = () => ({
      arrived: harness.arrived
        .events()
        .filter((event) => event.userId === userId)
        .map((event) => event.at),
      left: harness.left
        .events()
        .filter((event) => event.userId === userId)
        .map((event) => event.reason),
    });
    expect(eventsOf()).toEqual({ arrived: [t0], left: ['no-recent-fix'] });

    await call('PUT', `/users/${userId}/location-sharing`, { paused: false, keepPositionsDays: null });
    await publish(batchFor(userId, homeId, [fixAt(10, 15, t0 + 120_000)]));
    await waitFor(async () => (await presenceOf(homeId)).occupied, 'the home occupied again');
    await waitFor(() => eventsOf().arrived.length === 2, 'the arrival after resuming published');
    expect(eventsOf()).toEqual({ arrived: [t0, t0 + 120_000], left: ['no-recent-fix'] });
  });

  it('positions are dropped unless the member opts in; kept ones are swept past their retention, all on opting out', async () => {
    const [homeId, userId] = [randomUUID(), randomUUID()];
    const now = Date.now();
    await publish(batchFor(userId, homeId, [fixAt(500, 15, now - 60_000)]));
    await waitFor(async () => (await presenceOf(homeId)).members.length === 1, 'the fix evaluated');
    expect(await keptPositions(userId)).toBe(0);

    await call('PUT', `/users/${userId}/location-sharing`, { paused: false, keepPositionsDays: 1 });
    const twoDaysAgo = now - 2 * 86_400_000;
    await harness.pool.query(
      `INSERT INTO geofencing.kept_positions (user_id, at, latitude, longitude, accuracy_meters)
       VALUES ($1, $2, 48.8, 2.3, 10)`,
      [userId, twoDaysAgo],
    );
    await publish(batchFor(userId, homeId, [fixAt(600, 15, now - 30_000), fixAt(700, 15, now - 20_000)]));
    // The two new positions kept, the one of two days ago swept.
    await waitFor(async () => (await keptPositions(userId)) === 2, 'two positions kept, the old one swept');

    await call('PUT', `/users/${userId}/location-sharing`, { paused: false, keepPositionsDays: null });
    expect(await keptPositions(userId)).toBe(0);
  });
});
