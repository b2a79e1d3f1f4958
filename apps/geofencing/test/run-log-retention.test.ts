import { randomUUID } from 'node:crypto';
import { queryRows } from '@homeport/storage';
import { waitFor } from '@homeport/testing';
import { createHarness, type Harness } from './support/harness';

jest.setTimeout(30_000);

const dayMs = 86_400_000;

describe('the automation run log past its retention', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness('geo_run_log', { AUTOMATION_RUNS_KEEP_DAYS: '7', PRESENCE_SWEEP_MS: '50' });
    await harness.startService();
  });
  afterAll(() => harness.close());

  it('is swept, but for pending runs and the newest run of each automation', async () => {
    const homeId = randomUUID();
    const [eco, comfort] = [randomUUID(), randomUUID()];
    const now = Date.now();
    const insertRun = async (automationId: string, status: string, daysAgo: number) => {
      const id = randomUUID();
      const at = now - daysAgo * dayMs;
      await queryRows(
        harness.pool,
        `INSERT INTO geofencing.automation_runs (id, automation_id, automation_name, home_id, cause, actions,
           restore, status, next_attempt_at, created_at, finished_at)
         VALUES ($1, $2, 'Eco', $3, 'home-empty', '[]', false, $4, $5, $6, $7)`,
        // A pending run is not due (the worker leaves it alone) and has not finished.
        [id, automationId, homeId, status, now + dayMs, at, status === 'pending' ? null : at],
      );
      return id;
    };
    // Swept: finished past the 7 days, each with a newer run of its automation.
    await insertRun(eco, 'succeeded', 30);
    await insertRun(eco, 'failed', 10);
    const newestOfEco = await insertRun(eco, 'succeeded', 9);
    await insertRun(comfort, 'succeeded', 20);
    // Kept: the newest of its automation however old, one within the 7 days, one not finished.
    const recentOfComfort = await insertRun(comfort, 'succeeded', 2);
    const pending = await insertRun(comfort, 'pending', 40);

    const remaining = async () =>
      (
        await queryRows<{ id: string }>(
          harness.pool,
          'SELECT id FROM geofencing.automation_runs WHERE home_id = $1',
          [homeId],
        )
      ).map((row) => row.id);
    await waitFor(async () => (await remaining()).length === 3, 'the old runs swept');
    expect((await remaining()).sort()).toEqual([newestOfEco, recentOfComfort, pending].sort());
  });
});
