import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createPostgresPool,
  openEmbeddedPostgres,
  queryRows,
  runMigrations,
  type SqlPool,
} from '@homeport/storage';
import { createTestDatabase, type TestDatabase } from '@homeport/testing';
import { createPostgresFacts } from '../src/adapters/pg-facts';
import { createPostgresMetrics } from '../src/adapters/pg-metrics';
import type { FactRetention } from '../src/domain/fact-retention';
import type { FactStore, MetricQueries } from '../src/domain/ports';
import { analyticsSchema, migrateAnalytics } from '../src/migrations';
import { createTwoJobs, runJobsTogether } from './support/retention-jobs';

// Retention 8 days on 30 Oct: the days before 22 Oct are rolled up, 22 Oct on stays raw.
const now = Date.parse('2026-10-30T12:00:00Z');
const retentionDays = 8;
/** Smaller than vendor-p's presence of a day: the pruning takes several batches. */
const deleteBatchSize = 2;

let pool: SqlPool;
let closePool: () => Promise<void>;
let facts: FactStore;
let queries: MetricQueries;
/** Two jobs, as two replicas run them. */
let jobs: FactRetention[];

const at = (instant: string) => new Date(instant);
const presence = (vendorId: string, deviceId: string, online: boolean, instant: string) => ({
  vendorId,
  deviceId,
  online,
  at: at(instant),
});

// p1, registered 1 Oct 08:00 and claimed at 12:00 (online then), connected before its registration; at 09:00
// it disconnects and connects at one instant; it connects at 2 Oct 00:00 exactly. p2, registered 30 Sep
// 22:00, claimed 2 Oct 10:00 while offline, first online after its claim at 11:15; it connects at 22 Oct
// 00:00, the horizon, exactly. p3, registered 5 Oct 00:00, never connects. q1 is vendor-q's, with three
// instants on 1 Oct, online from 10 Oct on without a raw row from the horizon on.
const presenceFacts = [
  presence('vendor-p', 'p1', true, '2026-10-01T07:00:00Z'),
  presence('vendor-p', 'p1', false, '2026-10-01T09:00:00Z'),
  presence('vendor-p', 'p1', true, '2026-10-01T09:00:00Z'),
  presence('vendor-p', 'p1', false, '2026-10-01T18:00:00Z'),
  presence('vendor-p', 'p1', true, '2026-10-02T00:00:00Z'),
  presence('vendor-p', 'p1', false, '2026-10-03T06:00:00Z'),
  presence('vendor-p', 'p1', true, '2026-10-03T06:30:00Z'),
  presence('vendor-p', 'p1', false, '2026-10-25T10:00:00Z'),
  presence('vendor-p', 'p2', true, '2026-09-30T23:00:00Z'),
  presence('vendor-p', 'p2', false, '2026-10-02T03:00:00Z'),
  presence('vendor-p', 'p2', true, '2026-10-02T11:15:00Z'),
  presence('vendor-p', 'p2', false, '2026-10-21T23:59:59Z'),
  presence('vendor-p', 'p2', true, '2026-10-22T00:00:00Z'),
  presence('vendor-q', 'q1', true, '2026-10-01T01:00:00Z'),
  presence('vendor-q', 'q1', false, '2026-10-01T05:00:00Z'),
  presence('vendor-q', 'q1', true, '2026-10-01T05:30:00Z'),
  presence('vendor-q', 'q1', false, '2026-10-04T00:00:00Z'),
  presence('vendor-q', 'q1', true, '2026-10-10T00:00:00Z'),
];

const window = (vendorId: string, from: string, to: string) =>
  queries
    .window(vendorId, at(from), at(to))
    .then((rows) => rows.filter((row) => ['uptime', 'reconnects', 'online'].includes(row.metric)));

/** 30 Sep to 26 Oct, a bucket a UTC day. */
const days = Array.from({ length: 27 }, (_, n) => ({
  from: new Date(Date.UTC(2026, 8, 30 + n)),
  to: new Date(Date.UTC(2026, 8, 31 + n)),
}));

/** Every figure that reads presence, over windows before, across and after the horizon. */
const figures = async () => ({
  allRolledUp: await window('vendor-p', '2026-10-01T00:00:00Z', '2026-10-08T00:00:00Z'),
  acrossHorizon: await window('vendor-p', '2026-09-30T00:00:00Z', '2026-10-26T00:00:00Z'),
  fromHorizonAnyInstant: await window('vendor-p', '2026-10-21T00:00:00Z', '2026-10-25T11:30:00Z'),
  otherVendor: await window('vendor-q', '2026-10-01T00:00:00Z', '2026-10-05T00:00:00Z'),
  otherVendorAfterHorizon: await window('vendor-q', '2026-10-23T00:00:00Z', '2026-10-24T12:00:00Z'),
  uptimePerDay: await queries.series({ vendorId: 'vendor-p', metric: 'uptime', buckets: days }),
  reconnectsPerDay: await queries.series({ vendorId: 'vendor-p', metric: 'reconnects', buckets: days }),
  funnel: await queryRows(
    pool,
    `SELECT device_id, claimed_at, online_at FROM analytics.activation_paths('vendor-p', $1, $2)
     ORDER BY device_id`,
    [at('2026-09-30T00:00:00Z'), at('2026-10-06T00:00:00Z')],
  ),
});
let before: Awaited<ReturnType<typeof figures>>;

const rawPresenceBefore = async (instant: string) =>
  (
    await queryRows<{ count: number }>(
      pool,
      'SELECT count(*)::int AS count FROM analytics.presence WHERE at < $1',
      [at(instant)],
    )
  )[0]?.count;
interface SpanRow {
  device_id: string;
  first_at: Date;
}
const spans = () =>
  queryRows<SpanRow>(
    pool,
    `SELECT vendor_id, device_id, first_at, last_at, first_online, last_online, online_seconds::float8,
       connects::int, first_connect_at
     FROM analytics.presence_spans ORDER BY device_id, first_at`,
  );

/** Where the facts are: a database of its own on the PostgreSQL server, or the embedded PGlite (npm start). */
const databases: Record<string, () => Promise<{ pool: SqlPool; close: () => Promise<void> }>> = {
  'a PostgreSQL server': async () => {
    const database: TestDatabase = await createTestDatabase('analytics_presence_rollups');
    await migrateAnalytics({ databaseUrl: database.url });
    const server = createPostgresPool({
      url: database.url,
      applicationName: 'analytics-presence-rollups-test',
    });
    return {
      pool: server,
      close: async () => {
        await server.end();
        await database.drop();
      },
    };
  },
  'the embedded PGlite': async () => {
    const embedded = await openEmbeddedPostgres();
    await migrateAnalytics({ pool: embedded });
    return { pool: embedded, close: () => embedded.end() };
  },
};

/** Uses `opened`: the facts, the figures and two retention jobs on it. */
function useDatabase(opened: { pool: SqlPool; close: () => Promise<void> }) {
  ({ pool, close: closePool } = opened);
  facts = createPostgresFacts(pool);
  queries = createPostgresMetrics(pool);
  jobs = createTwoJobs(pool, { retentionDays, deleteBatchSize, now });
}

/** Records the devices' registrations and claims. */
async function recordDevices() {
  const register = (vendorId: string, deviceId: string, instant: string) =>
    facts.recordRegistration({ vendorId, deviceId, productId: 'plug', at: at(instant) });
  await register('vendor-p', 'p1', '2026-10-01T08:00:00Z');
  await register('vendor-p', 'p2', '2026-09-30T22:00:00Z');
  await register('vendor-p', 'p3', '2026-10-05T00:00:00Z');
  await register('vendor-q', 'q1', '2026-10-01T00:00:00Z');
  await facts.recordOwner({ deviceId: 'p1', ownerId: 'home-1', at: at('2026-10-01T12:00:00Z') });
  await facts.recordOwner({ deviceId: 'p2', ownerId: 'home-2', at: at('2026-10-02T10:00:00Z') });
}

/** Opens the database named `name` with the facts above and the figures from their raw rows. */
async function openFacts(name: string) {
  const opened = await databases[name]?.();
  if (opened === undefined) throw new Error(`no database ${name}`);
  useDatabase(opened);
  await recordDevices();
  await Promise.all(presenceFacts.map((fact) => facts.recordPresence(fact)));
  before = await figures();
}

describe.each(Object.keys(databases))(
  'the daily rollup of presence facts and the pruning of their raw rows on %s',
  (name) => {
    beforeAll(() => openFacts(name));
    afterAll(() => closePool());

    it('the figures from raw rows are those of the presence as it happened', () => {
      const value = (metric: string, key: string) =>
        before.allRolledUp.find((row) => row.metric === metric && row.key === key)?.value;
      // 1-8 Oct. p1 from its registration (160 h): online 1 + 9 + 30 + 113.5 h; p2 (168 h): 27 + 132.75 h;
      // p3 from 5 Oct (72 h): none.
      expect(value('uptime', 'onlineSeconds')).toBe(313.25 * 3600);
      expect(value('uptime', 'exposureSeconds')).toBe(400 * 3600);
      // p1's connections at 2 Oct 00:00 and 3 Oct 06:30 (not at 09:00, its first instant since its
      // registration), p2's at 2 Oct 11:15.
      expect(value('reconnects', 'total')).toBe(3);
      expect(value('online', 'total')).toBe(2);
      expect(before.otherVendorAfterHorizon).toContainEqual(
        expect.objectContaining({ metric: 'online', key: 'total', value: 1 }),
      );
      expect(before.funnel).toEqual([
        { device_id: 'p1', claimed_at: at('2026-10-01T12:00:00Z'), online_at: at('2026-10-01T12:00:00Z') },
        { device_id: 'p2', claimed_at: at('2026-10-02T10:00:00Z'), online_at: at('2026-10-02T11:15:00Z') },
        { device_id: 'p3', claimed_at: null, online_at: null },
      ]);
    });

    it('when two jobs run at once, each day past the retention is rolled up once into spans cut at the registration and claims, and its raw rows are deleted batch by batch', async () => {
      const done = await runJobsTogether(jobs, 'presence');
      // vendor-p's 30 Sep, 1, 2, 3 and 21 Oct; vendor-q's 1, 4 and 10 Oct. 16 raw rows before 22 Oct.
      expect(done).toEqual({ daysRolledUp: 8, deleted: 16 });
      expect(await rawPresenceBefore('2026-10-22T00:00:00Z')).toBe(0);
      expect(await rawPresenceBefore('2026-10-26T00:00:00Z')).toBe(2);
      const p1FirstDay = (await spans()).filter(
        (span) => span.device_id === 'p1' && span.first_at < at('2026-10-02T00:00:00Z'),
      );
      const span = (first: string, last: string, online: boolean, connects: number) => ({
        vendor_id: 'vendor-p',
        device_id: 'p1',
        first_at: at(first),
        last_at: at(last),
        first_online: online,
        last_online: online,
        online_seconds: 0,
        connects,
        first_connect_at: connects === 0 ? null : at(first),
      });
      // Before its registration, from it to its claim, from the claim on.
      expect(p1FirstDay).toEqual([
        span('2026-10-01T07:00:00Z', '2026-10-01T07:00:00Z', true, 1),
        span('2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z', true, 1),
        span('2026-10-01T18:00:00Z', '2026-10-01T18:00:00Z', false, 0),
      ]);
      // q1's 1 Oct: online 01:00 to 05:00, offline until 05:30, online after it.
      expect((await spans()).find((row) => row.device_id === 'q1')).toEqual({
        vendor_id: 'vendor-q',
        device_id: 'q1',
        first_at: at('2026-10-01T01:00:00Z'),
        last_at: at('2026-10-01T05:30:00Z'),
        first_online: true,
        last_online: true,
        online_seconds: 4 * 3600,
        connects: 2,
        first_connect_at: at('2026-10-01T01:00:00Z'),
      });
      expect(await figures()).toEqual(before);
    });

    it('when the jobs run again, the rollup stays as it was', async () => {
      const rolledUp = await spans();
      expect(await runJobsTogether(jobs, 'presence')).toEqual({ daysRolledUp: 0, deleted: 0 });
      expect(await spans()).toEqual(rolledUp);
    });

    it('when a pruned presence event is delivered again, no figure changes and the next round deletes it', async () => {
      await facts.recordPresence(presence('vendor-p', 'p1', false, '2026-10-05T12:00:00Z'));
      await facts.recordPresence(presence('vendor-p', 'p2', true, '2026-10-02T03:00:00Z'));
      expect(await rawPresenceBefore('2026-10-22T00:00:00Z')).toBe(2);
      expect(await figures()).toEqual(before);
      expect(await runJobsTogether(jobs, 'presence')).toEqual({ daysRolledUp: 0, deleted: 2 });
      expect(await rawPresenceBefore('2026-10-22T00:00:00Z')).toBe(0);
    });

    it.each(['uptime', 'reconnects', 'online'] as const)(
      'a bucket of %s whose edge before the horizon is not a UTC midnight is refused, naming the horizon',
      async (metric) => {
        const bucket = { from: at('2026-10-03T06:00:00Z'), to: at('2026-10-03T07:00:00Z') };
        await expect(
          queries.series({ vendorId: 'vendor-p', metric, buckets: [bucket] }),
        ).rejects.toMatchObject({
          code: 'ANALYTICS_QUERY_INVALID',
          message: expect.stringContaining(
            '2026-10-03T06:00:00Z is before 2026-10-22T00:00:00Z, the horizon',
          ) as unknown,
        });
      },
    );
  },
);

describe('an upgrade to migration 005 where message facts were rolled up already', () => {
  let database: TestDatabase;
  let migrationsBefore005: string;

  beforeAll(async () => {
    database = await createTestDatabase('analytics_presence_upgrade');
    // The service as it was: migrations 001 to 004, presence without a vendor, vendor-p's messages rolled
    // up to 22 Oct.
    migrationsBefore005 = mkdtempSync(path.join(tmpdir(), 'analytics-migrations-'));
    for (const file of [
      '001_facts.sql',
      '002_metrics.sql',
      '003_product_analytics.sql',
      '004_message_retention.sql',
    ])
      copyFileSync(path.join(__dirname, '..', 'migrations', file), path.join(migrationsBefore005, file));
    await runMigrations({
      databaseUrl: database.url,
      migrationsDir: migrationsBefore005,
      schema: analyticsSchema,
    });
    const server = createPostgresPool({
      url: database.url,
      applicationName: 'analytics-presence-upgrade-test',
    });
    useDatabase({
      pool: server,
      close: async () => {
        await server.end();
        await database.drop();
      },
    });
    await recordDevices();
    await queryRows(
      pool,
      `INSERT INTO analytics.presence (device_id, at, online)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::boolean[])`,
      [
        presenceFacts.map((fact) => fact.deviceId),
        presenceFacts.map((fact) => fact.at),
        presenceFacts.map((fact) => fact.online),
      ],
    );
    await queryRows(
      pool,
      `INSERT INTO analytics.message_horizons (vendor_id, horizon) VALUES ('vendor-p', $1)`,
      [at('2026-10-22T00:00:00Z')],
    );
    before = await figures();
  });

  afterAll(async () => {
    rmSync(migrationsBefore005, { recursive: true, force: true });
    await closePool();
  });

  it("rolls up the presence before that vendor's horizon, which the job then deletes: no figure changes", async () => {
    expect(await migrateAnalytics({ databaseUrl: database.url })).toEqual(['005_presence_retention']);
    expect(await figures()).toEqual(before);
    // vendor-p's 11 raw rows before its horizon, rolled up by the migration, and vendor-q's 5, whose 3 days the
    // job rolls up.
    expect(await runJobsTogether(jobs, 'presence')).toEqual({ daysRolledUp: 3, deleted: 16 });
    expect(await rawPresenceBefore('2026-10-22T00:00:00Z')).toBe(0);
    expect(await figures()).toEqual(before);
  });
});
