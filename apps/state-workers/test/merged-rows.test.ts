import path from 'node:path';
import fc from 'fast-check';
import { createPostgresPool, runMigrations, type SqlQueryable } from '@homeport/storage';
import { createTestDatabase, type TestDatabase } from '@homeport/testing';
import { createPostgresDeviceStateStore, stateWorkersSchema } from '../src/adapters/pg-device-state-store';
import type { DeviceStateStore, MergeResult, ReportedStateUpdate } from '../src/domain/ports';
import { storeUpdate } from './fixtures';

/** A statement runner that counts the reports it hands to merge_reported_batch. */
function countSqlMerges(pool: SqlQueryable): { pool: SqlQueryable; count: () => number } {
  let reports = 0;
  return {
    pool: {
      query: (statement, params) => {
        const text = typeof statement === 'string' ? statement : statement.text;
        if (text.includes('merge_reported_batch'))
          reports += (JSON.parse(String(params?.[0])) as unknown[]).length;
        return pool.query(statement, params);
      },
    },
    count: () => reports,
  };
}

const propertyNames = ['a', 'b', 'c', 'd', 'e', '__proto__'] as const;
const propertyValue = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom(null, 'on', 'off', -0),
  fc.record({ x: fc.integer({ min: 0, max: 2 }) }),
  fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 2 }),
);

/** One step of a device's life: reports merged as one batch, a new credential or a deletion. */
const step = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(
      fc.record({
        device: fc.integer({ min: 0, max: 2 }),
        properties: fc.dictionary(fc.constantFrom(...propertyNames), propertyValue, {
          minKeys: 1,
          maxKeys: 4,
        }),
        // next: a new seq; late: an older seq; noSeq: ordered by ts; repeat: a report sent before, again
        order: fc.constantFrom('next', 'next', 'next', 'next', 'next', 'late', 'noSeq', 'repeat'),
        lagMs: fc.constantFrom(0, 0, 0, 500, 5_000),
        tightLimit: fc.integer({ min: 0, max: 9 }).map((draw) => draw === 0),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ device: fc.integer({ min: 0, max: 2 }), epochLagMs: fc.constantFrom(0, 1_000) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      device: fc.integer({ min: 0, max: 2 }),
      deletionLagMs: fc.constantFrom(0, 1_000),
    }),
  },
);

/**
 * What a merge did, as it goes on the wire (JSON: -0 is 0), without what differs between two stores by
 * nature (vendor, the time it was stored).
 */
function describeSettled(settled: PromiseSettledResult<MergeResult>): unknown {
  if (settled.status === 'rejected') return { refused: (settled.reason as { code?: unknown }).code };
  const result = settled.value;
  if (result.outcome === 'stale') return result;
  const { vendorId: _vendor, storedAt: _storedAt, ...current } = result.current;
  const change = result.change && { ...result.change, event: { ...result.change.event, vendorId: 'any' } };
  return JSON.parse(JSON.stringify({ outcome: result.outcome, current, change })) as unknown;
}

describe('merging above the rows a replica keeps', () => {
  let database: TestDatabase;
  let pool: ReturnType<typeof createPostgresPool>;

  beforeAll(async () => {
    database = await createTestDatabase('sw_merged_rows');
    await runMigrations({
      databaseUrl: database.url,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      schema: stateWorkersSchema,
    });
    pool = createPostgresPool({ url: database.url, max: 4 });
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const readRows = async (vendorId: string, devicePrefix: string) => {
    const { rows } = await pool.query(
      `SELECT device_id, state, versions, newest_key, revision, reported_at, last_changed
       FROM ${stateWorkersSchema}.device_state WHERE vendor_id = $1 AND device_id LIKE $2 ORDER BY device_id`,
      [vendorId, `${devicePrefix}%`],
    );
    const changes = await pool.query(
      `SELECT device_id, message_id, revision, changed, state, seq, reported_at
       FROM ${stateWorkersSchema}.state_changes WHERE vendor_id = $1 AND device_id LIKE $2
       ORDER BY device_id, message_id`,
      [vendorId, `${devicePrefix}%`],
    );
    return { rows, changes: changes.rows };
  };

  it('reports that arrive in order are merged above the kept row, without merge_reported_batch', async () => {
    const counted = countSqlMerges(pool);
    const store = createPostgresDeviceStateStore(counted.pool);

    await store.mergeReported(storeUpdate('in-order', 1, { mode: 'heat', setpoint: 20 }));
    const results = [];
    for (let seq = 2; seq <= 5; seq += 1) {
      results.push(await store.mergeReported(storeUpdate('in-order', seq, { setpoint: 20 + (seq % 2) })));
    }

    expect(counted.count()).toBe(1);
    expect(
      results.map((result) => (result.outcome === 'applied' ? result.change?.event.changed : result)),
    ).toEqual([undefined, { setpoint: 21 }, { setpoint: 20 }, { setpoint: 21 }]);
    expect(results.at(-1)).toMatchObject({ current: { revision: 5, state: { mode: 'heat', setpoint: 21 } } });
  });

  it('when one batch takes a device state over the budget and back, the report over it is not applied', async () => {
    const store = createPostgresDeviceStateStore(pool);
    await store.mergeReported(storeUpdate('budget', 1, { a: 'A'.repeat(30_000), b: 'small' }));

    const [over, back] = await Promise.allSettled([
      store.mergeReported(storeUpdate('budget', 2, { b: 'B'.repeat(40_000) })),
      store.mergeReported(storeUpdate('budget', 3, { b: 'c' })),
    ]);

    expect(over).toMatchObject({ status: 'rejected', reason: { code: 'DEVICE_STATE_TOO_LARGE' } });
    expect(back).toMatchObject({
      value: { outcome: 'applied', current: { revision: 2, state: { b: 'c' } } },
    });
  });

  it('when random reports, late, repeated or in order, new credentials and deletions are merged, the outcomes and stored rows are those of merge_reported_batch alone', async () => {
    let run = 0;
    const sqlMerges = { plain: 0, kept: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        run += 1;
        const prefix = `run${run}-`;
        const plainCount = countSqlMerges(pool);
        const keptCount = countSqlMerges(pool);
        const stores: Record<'plain' | 'kept', DeviceStateStore> = {
          plain: createPostgresDeviceStateStore(plainCount.pool, { mergedRowsKept: 0, mergeSpacingMs: 0 }),
          kept: createPostgresDeviceStateStore(keptCount.pool, { mergeSpacingMs: 0 }),
        };
        const otherReplica = createPostgresDeviceStateStore(pool, { mergedRowsKept: 0 });
        const lastSeq = [0, 0, 0];
        const sent: ReportedStateUpdate[][] = [[], [], []];
        let clockMs = 1_000_000;
        const outcomes: Record<'plain' | 'kept', unknown[]> = { plain: [], kept: [] };

        for (const current of steps) {
          clockMs += 1_000;
          if (!Array.isArray(current)) {
            const deviceId = `${prefix}${current.device}`;
            // Through another replica: the kept rows do not learn of it, their check must.
            for (const vendorId of ['plain', 'kept'] as const) {
              const device = { vendorId, deviceId };
              if ('epochLagMs' in current)
                await otherReplica.startEpoch(device, clockMs - current.epochLagMs);
              else
                outcomes[vendorId].push(
                  await otherReplica.forgetDevice(device, clockMs - current.deletionLagMs),
                );
            }
            continue;
          }
          const batch = current.map((report, index): ReportedStateUpdate => {
            const maxProperties = report.tightLimit ? 3 : 256;
            const previous = sent[report.device]!;
            const repeated = previous[Math.floor(previous.length / 2)];
            if (report.order === 'repeat' && repeated !== undefined) return { ...repeated, maxProperties };
            const receivedAt = clockMs + index - report.lagMs;
            const seq =
              report.order === 'noSeq'
                ? undefined
                : report.order === 'late'
                  ? lastSeq[report.device]! - 2
                  : (lastSeq[report.device]! += 1);
            const update = {
              vendorId: 'any',
              deviceId: `${prefix}${report.device}`,
              messageId: `m${clockMs}-${index}`,
              properties: report.properties,
              order: [seq ?? -1, seq === undefined ? receivedAt : -1, receivedAt] as const,
              seq,
              reportedAt: receivedAt,
              maxProperties,
            };
            previous.push(update);
            return update;
          });
          for (const vendorId of ['plain', 'kept'] as const) {
            const settled = await Promise.allSettled(
              batch.map((update) => stores[vendorId].mergeReported({ ...update, vendorId })),
            );
            outcomes[vendorId].push(...settled.map(describeSettled));
          }
        }

        expect(outcomes.kept).toEqual(outcomes.plain);
        expect(await readRows('kept', prefix)).toEqual(await readRows('plain', prefix));
        sqlMerges.plain += plainCount.count();
        sqlMerges.kept += keptCount.count();
      }),
      { numRuns: 25 },
    );
    // Some reports skipped merge_reported_batch (about 30 % in runs seen; fewer when the gate closes on a run
    // with many epochs and deletions): the comparison is not of two SQL merges alone. A share would be flaky.
    expect(sqlMerges.kept).toBeLessThan(sqlMerges.plain);
  }, 120_000);
});
