import path from 'node:path';
import fc from 'fast-check';
import { createPostgresPool, createRedisClient, runMigrations, type SqlQueryable } from '@homeport/storage';
import {
  createTestDatabase,
  createTestRedisPrefix,
  readTestServerUrls,
  type TestDatabase,
} from '@homeport/testing';
import { createPostgresDeviceStateStore, stateWorkersSchema } from '../src/adapters/pg-device-state-store';
import { createRedisDeviceStateCache } from '../src/adapters/redis-device-state-cache';
import { createRedisSharedRows } from '../src/adapters/redis-shared-rows';
import type {
  DeviceStateStore,
  MergeResult,
  ReportedStateUpdate,
  StoredDeviceState,
} from '../src/domain/ports';
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

/**
 * The stores compared: the SQL merge alone, one replica keeping rows, and two replicas taking the batches in
 * turn, each keeping its own rows (`alternate`) or reading the other's too (`shared`; `lagging`: the cached
 * copy written late, every other batch's writes only after the next batch merged).
 */
const vendors = ['plain', 'kept', 'alternate', 'shared', 'lagging'] as const;
type Vendor = (typeof vendors)[number];

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
  const redisPrefix = createTestRedisPrefix('sw_merged_rows');
  const redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: redisPrefix.keyPrefix });
  const cache = createRedisDeviceStateCache(redis);

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
    redis.disconnect();
    await redisPrefix.deleteKeys();
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

  it('when the other replicas’ rows cannot be read, the reports are merged without them', async () => {
    const unreachable = { readNewer: () => Promise.reject(new Error('Redis unreachable')) };
    const store = createPostgresDeviceStateStore(pool, { sharedRows: unreachable });

    await store.mergeReported(storeUpdate('unread', 1, { mode: 'heat' }));
    const result = await store.mergeReported(storeUpdate('unread', 2, { mode: 'cool' }));

    expect(result).toMatchObject({ outcome: 'applied', current: { revision: 2, state: { mode: 'cool' } } });
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
    const sqlMerges = { plain: 0, kept: 0, alternate: 0, shared: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        run += 1;
        const prefix = `run${run}-`;
        const plainCount = countSqlMerges(pool);
        const keptCount = countSqlMerges(pool);
        const alternateCount = countSqlMerges(pool);
        const sharedCount = countSqlMerges(pool);
        const sharing = { mergeSpacingMs: 0, sharedRows: createRedisSharedRows(redis) };
        const stores: Record<Vendor, DeviceStateStore[]> = {
          plain: [createPostgresDeviceStateStore(plainCount.pool, { mergedRowsKept: 0, mergeSpacingMs: 0 })],
          kept: [createPostgresDeviceStateStore(keptCount.pool, { mergeSpacingMs: 0 })],
          alternate: [
            createPostgresDeviceStateStore(alternateCount.pool, { mergeSpacingMs: 0 }),
            createPostgresDeviceStateStore(alternateCount.pool, { mergeSpacingMs: 0 }),
          ],
          shared: [
            createPostgresDeviceStateStore(sharedCount.pool, sharing),
            createPostgresDeviceStateStore(sharedCount.pool, sharing),
          ],
          lagging: [
            createPostgresDeviceStateStore(pool, sharing),
            createPostgresDeviceStateStore(pool, sharing),
          ],
        };
        const otherReplica = createPostgresDeviceStateStore(pool, { mergedRowsKept: 0 });
        const lastSeq = [0, 0, 0];
        const sent: ReportedStateUpdate[][] = [[], [], []];
        let clockMs = 1_000_000;
        const outcomes: Record<Vendor, unknown[]> = {
          plain: [],
          kept: [],
          alternate: [],
          shared: [],
          lagging: [],
        };
        const lateWrites: StoredDeviceState[] = [];

        for (const [stepIndex, current] of steps.entries()) {
          clockMs += 1_000;
          if (!Array.isArray(current)) {
            const deviceId = `${prefix}${current.device}`;
            // Through another replica: the kept rows (and the cached copy's) do not learn of it, their check must.
            for (const vendorId of vendors) {
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
          for (const vendorId of vendors) {
            const replicas = stores[vendorId];
            const store = replicas[stepIndex % replicas.length]!;
            const settled = await Promise.allSettled(
              batch.map((update) => store.mergeReported({ ...update, vendorId })),
            );
            outcomes[vendorId].push(...settled.map(describeSettled));
            // As record-reported-state does after each merge (a deletion's tombstone is left out: the
            // cached copy keeps the deleted row's order keys, which the merge above them must refuse).
            if (vendorId !== 'shared' && vendorId !== 'lagging') continue;
            const writes = settled.flatMap((one) =>
              one.status === 'fulfilled' && one.value.outcome !== 'stale' ? [one.value.current] : [],
            );
            if (vendorId === 'lagging') writes.unshift(...lateWrites.splice(0));
            if (vendorId === 'lagging' && stepIndex % 2 === 0) lateWrites.push(...writes);
            else for (const current of writes) await cache.write(current);
          }
        }

        const plainRows = await readRows('plain', prefix);
        for (const vendorId of vendors) {
          expect(outcomes[vendorId]).toEqual(outcomes.plain);
          expect(await readRows(vendorId, prefix)).toEqual(plainRows);
        }
        sqlMerges.plain += plainCount.count();
        sqlMerges.kept += keptCount.count();
        sqlMerges.alternate += alternateCount.count();
        sqlMerges.shared += sharedCount.count();
      }),
      { numRuns: 25 },
    );
    // Some reports skipped merge_reported_batch (about 30 % in runs seen; fewer when the gate closes on a run
    // with many epochs and deletions): the comparison is not of two SQL merges alone. A share would be flaky.
    // Two replicas in turn skip it more often when they share their rows than when they do not (five runs
    // seen: 670-750 reports against 755-842; one replica 596-720, the SQL merge alone 806-870).
    expect(sqlMerges.kept).toBeLessThan(sqlMerges.plain);
    expect(sqlMerges.shared).toBeLessThan(sqlMerges.alternate);
  }, 120_000);
});
