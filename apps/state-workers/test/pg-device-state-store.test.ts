import path from 'node:path';
import { createPostgresPool, runMigrations } from '@homeport/storage';
import { createTestDatabase, waitFor, type TestDatabase } from '@homeport/testing';
import { createPostgresDeviceStateStore, stateWorkersSchema } from '../src/adapters/pg-device-state-store';
import type { DeviceStateStore, ReportedStateUpdate } from '../src/domain/ports';
import { storeUpdate as update } from './fixtures';

describe('the PostgreSQL device state store', () => {
  let database: TestDatabase;
  let pools: ReturnType<typeof createPostgresPool>[];
  let replicas: DeviceStateStore[];
  let store: DeviceStateStore;

  beforeAll(async () => {
    database = await createTestDatabase('sw_store');
    await runMigrations({
      databaseUrl: database.url,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      schema: stateWorkersSchema,
    });
    pools = [0, 1].map(() => createPostgresPool({ url: database.url, max: 5 }));
    replicas = pools.map((pool) => createPostgresDeviceStateStore(pool));
    store = replicas[0]!;
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  it('when two replicas merge reports of one device concurrently and out of order, the newest value of each property wins', async () => {
    const seqs = Array.from({ length: 60 }, (_, index) => index + 1).sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      seqs.map((seq, index) =>
        replicas[index % 2]!.mergeReported(update('dev-1', seq, { counter: seq, [`slot${seq % 3}`]: seq })),
      ),
    );

    const revisions = results.flatMap((result) =>
      result.outcome === 'applied' ? [result.current.revision] : [],
    );
    expect(new Set(revisions).size).toBe(revisions.length);
    const { rows } = await pools[0]!.query<{ state: unknown; revision: string }>(
      `SELECT state, revision FROM ${stateWorkersSchema}.device_state WHERE device_id = 'dev-1'`,
    );
    expect(rows).toEqual([
      {
        state: { counter: 60, slot0: 60, slot1: 58, slot2: 59 },
        revision: String(Math.max(...revisions)),
      },
    ]);
  });

  it('when a merged message comes back, it is replayed with its recorded change and changes nothing', async () => {
    const first = await store.mergeReported(update('dev-2', 5, { mode: 'heat', setpoint: 21 }));
    await store.mergeReported(update('dev-2', 6, { setpoint: 22 }));

    const again = await store.mergeReported(update('dev-2', 5, { mode: 'heat', setpoint: 21 }));

    expect(first).toMatchObject({ outcome: 'applied', change: { revision: 1 } });
    expect(again).toMatchObject({
      outcome: 'replayed',
      current: { revision: 2, state: { mode: 'heat', setpoint: 22 } },
      change: first.outcome === 'applied' ? first.change : {},
    });
  });

  it('a newer report with the same values is applied without a change, an older one is stale', async () => {
    await store.mergeReported(update('dev-3', 10, { mode: 'eco' }));

    const same = await store.mergeReported(update('dev-3', 11, { mode: 'eco' }));
    const older = await store.mergeReported(update('dev-3', 9, { mode: 'off' }));

    expect(same).toMatchObject({ outcome: 'applied', change: undefined, current: { revision: 2 } });
    expect(older).toEqual({ outcome: 'stale' });
  });

  it('when newer reports leave a property out, a late report still replaces it only if it is newer than the report that set it', async () => {
    await store.mergeReported(update('dev-17', 1, { a: 1, b: 1, c: 1 }));
    await store.mergeReported(update('dev-17', 4, { a: 4 }));
    await store.mergeReported(update('dev-17', 5, { a: 5, c: 5 }));

    const late = await store.mergeReported(update('dev-17', 3, { a: 3, b: 3, c: 3 }));
    const next = await store.mergeReported(update('dev-17', 6, { b: 6 }));
    const older = await store.mergeReported(update('dev-17', 2, { b: 2 }));

    expect(late).toMatchObject({ outcome: 'applied', current: { state: { a: 5, b: 3, c: 5 } } });
    expect(next).toMatchObject({ outcome: 'applied', current: { state: { a: 5, b: 6, c: 5 } } });
    expect(older).toEqual({ outcome: 'stale' });
  });

  it('reports without seq are ordered by ts, then by received-at', async () => {
    const at = (ts: number, receivedAt: number, value: number): ReportedStateUpdate => ({
      ...update('dev-4', 0, { value }),
      messageId: `dev-4/${ts}/${receivedAt}`,
      order: [-1, ts, receivedAt],
      seq: undefined,
    });
    await store.mergeReported(at(2000, 2100, 2));
    expect((await store.mergeReported(at(1000, 3000, 1))).outcome).toBe('stale');
    const tie = await store.mergeReported(at(2000, 2200, 3));
    expect(tie).toMatchObject({ outcome: 'applied', current: { state: { value: 3 } } });
    expect(tie.outcome === 'applied' ? tie.change?.event : undefined).not.toHaveProperty('seq');
  });

  it('a merge beyond the property limit is refused as invalid and leaves the state as it was', async () => {
    await store.mergeReported(update('dev-5', 1, { a: 1, b: 2 }, 3));

    await expect(store.mergeReported(update('dev-5', 2, { c: 3, d: 4 }, 3))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'DEVICE_STATE_TOO_LARGE',
    });
    const after = await store.mergeReported(update('dev-5', 3, { a: 1 }, 3));
    expect(after).toMatchObject({ outcome: 'applied', current: { revision: 2, state: { a: 1, b: 2 } } });
  });

  it('when reports merged side by side (one batch) include one beyond the limit, only that one is refused', async () => {
    await store.mergeReported(update('dev-7', 1, { a: 1, b: 2 }, 3));

    const outcomes = await Promise.allSettled([
      store.mergeReported(update('dev-8', 1, { x: 1 })),
      store.mergeReported(update('dev-7', 2, { c: 3, d: 4 }, 3)),
      store.mergeReported(update('dev-7', 3, { a: 5 }, 3)),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ reason: { kind: 'invalid', code: 'DEVICE_STATE_TOO_LARGE' } });
    expect(outcomes[2]).toMatchObject({ value: { outcome: 'applied', current: { state: { a: 5, b: 2 } } } });
  });

  it('when one report of a batch holds data PostgreSQL cannot store (a NUL in a string), only it is refused and the others are stored', async () => {
    const outcomes = await Promise.allSettled([
      store.mergeReported(update('dev-12', 1, { on: true })),
      store.mergeReported(update('dev-13', 1, { note: 'a\u0000b' })),
      store.mergeReported(update('dev-14', 1, { on: false })),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({
      reason: { kind: 'invalid', code: 'DEVICE_STATE_INVALID', details: { sqlState: '22P05' } },
    });
    const { rows } = await pools[0]!.query<{ device_id: string }>(
      `SELECT device_id FROM ${stateWorkersSchema}.device_state WHERE device_id IN ('dev-12', 'dev-13', 'dev-14')
        ORDER BY device_id`,
    );
    expect(rows.map((row) => row.device_id)).toEqual(['dev-12', 'dev-14']);
  });

  it('when one batch holds several reports of a device, they merge in their order: newer values win, a repeat is replayed', async () => {
    const [second, first, third, secondAgain] = await Promise.all([
      store.mergeReported(update('dev-9', 2, { a: 2 })),
      store.mergeReported(update('dev-9', 1, { a: 1, b: 1 })),
      store.mergeReported(update('dev-9', 3, { a: 3 })),
      store.mergeReported(update('dev-9', 2, { a: 2 })),
    ]);

    expect(second).toMatchObject({
      outcome: 'applied',
      change: { revision: 1, event: { changed: { a: 2 } } },
    });
    expect(first).toMatchObject({
      outcome: 'applied',
      change: { revision: 2, event: { changed: { b: 1 } } },
    });
    expect(third).toMatchObject({
      outcome: 'applied',
      current: { revision: 3, state: { a: 3, b: 1 } },
      change: { revision: 3, event: { changed: { a: 3 } } },
    });
    expect(secondAgain).toMatchObject({
      outcome: 'replayed',
      current: { revision: 3 },
      change: { revision: 1, event: { changed: { a: 2 } } },
    });
  });

  it('a redelivered report whose batch waited for the batch merging its message comes back replayed', async () => {
    const first = { ...update('dev-11', 1, { on: true }), messageId: 'm-shared' };
    const held = await pools[0]!.connect();
    await held.query('BEGIN');
    const items = [update('dev-10', 1, { on: true }), first].map((report, idx) => ({ idx, ...report }));
    await held.query(
      `SELECT * FROM ${stateWorkersSchema}.merge_reported_batch(${stateWorkersSchema}.apply_device_epochs($1::jsonb))`,
      [JSON.stringify(items)],
    );

    // The same message again, in a batch that first waits for dev-10's row lock held by the open batch
    const [newer, again] = [
      replicas[1]!.mergeReported(update('dev-10', 2, { on: false })),
      replicas[1]!.mergeReported(first),
    ];
    await waitFor(async () => {
      const { rows } = await pools[0]!.query<{ waiting: string }>(
        `SELECT count(*) AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0]?.waiting === '1';
    }, 'the second batch to wait for the row lock');
    await held.query('COMMIT');
    held.release();

    await expect(again).resolves.toMatchObject({ outcome: 'replayed', change: { revision: 1 } });
    await expect(newer).resolves.toMatchObject({ outcome: 'applied', current: { state: { on: false } } });
  });

  it('after change records are pruned, a redelivered message is stale instead of replayed', async () => {
    await store.mergeReported(update('dev-6', 1, { on: true }));

    const deleted = await store.pruneChanges(new Date(Date.now() + 60_000));

    expect(deleted).toBeGreaterThan(0);
    expect(await store.mergeReported(update('dev-6', 1, { on: true }))).toEqual({ outcome: 'stale' });
  });

  it('when change records are pruned up to a time, the records made after it still replay their message', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    await store.mergeReported(update('dev-7', 1, { on: true }));
    await pause();
    const cutoff = new Date();
    await pause();
    await store.mergeReported(update('dev-8', 1, { on: true }));

    await store.pruneChanges(cutoff);

    expect(await store.mergeReported(update('dev-7', 1, { on: true }))).toEqual({ outcome: 'stale' });
    await expect(store.mergeReported(update('dev-8', 1, { on: true }))).resolves.toMatchObject({
      outcome: 'replayed',
      change: { event: { deviceId: 'dev-8', changed: { on: true } } },
    });
  });
});
