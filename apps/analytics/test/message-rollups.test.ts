import { createPostgresPool, queryRows, type SqlPool } from '@homeport/storage';
import { createTestDatabase, type TestDatabase } from '@homeport/testing';
import { createPostgresFacts } from '../src/adapters/pg-facts';
import type { FactRetention } from '../src/domain/fact-retention';
import type { FactStore, MessageFact } from '../src/domain/ports';
import { migrateAnalytics } from '../src/migrations';
import { createTwoJobs, runJobsTogether } from './support/retention-jobs';

// Retention 8 days on 30 Oct: 1 and 2 Oct are rolled up, 25 Oct stays raw.
const now = Date.parse('2026-10-30T12:00:00Z');
const retentionDays = 8;
/** Smaller than 1 Oct's messages of vendor-a: the day takes several batches. */
const deleteBatchSize = 2;

let database: TestDatabase;
let pool: SqlPool;
let facts: FactStore;
/** Two jobs, as two replicas run them. */
let jobs: FactRetention[];

const message = (
  vendorId: string,
  deviceId: string,
  kind: MessageFact['kind'],
  at: string,
  event?: { name: string; severity: string },
): MessageFact => ({
  messageId: `${kind}:${deviceId}/${at}`,
  vendorId,
  deviceId,
  kind,
  at: new Date(at),
  ...(event !== undefined && { eventName: event.name, severity: event.severity }),
});

const door = { name: 'door-opened', severity: 'info' };
const messages: MessageFact[] = [
  message('vendor-a', 'd1', 'telemetry', '2026-10-01T09:00:00.000Z'),
  message('vendor-a', 'd1', 'telemetry', '2026-10-01T11:00:00.000Z'),
  message('vendor-a', 'd1', 'telemetry', '2026-10-01T23:59:59.000Z'),
  message('vendor-a', 'd1', 'state', '2026-10-01T12:00:00.000Z'),
  message('vendor-a', 'd1', 'event', '2026-10-01T13:00:00.000Z', door),
  message('vendor-a', 'd1', 'event', '2026-10-01T14:00:00.000Z', door),
  message('vendor-a', 'd2', 'state', '2026-10-02T08:00:00.000Z'),
  message('vendor-a', 'd3', 'telemetry', '2026-10-25T10:00:00.000Z'),
  message('vendor-b', 'd4', 'state', '2026-10-01T10:00:00.000Z'),
];

const rollupRows = () =>
  queryRows(
    pool,
    `SELECT vendor_id, device_id, day, kind, event_name, severity, messages::int, first_at, last_at
     FROM analytics.message_days ORDER BY vendor_id, device_id, day, kind`,
  );
const rawMessageIds = async () =>
  (
    await queryRows<{ message_id: string }>(
      pool,
      'SELECT message_id FROM analytics.device_messages ORDER BY message_id',
    )
  ).map((row) => row.message_id);
/** vendor-a's messages of 1-26 Oct through the figures' one source. */
const vendorAMessages = async () =>
  (
    await queryRows<{ messages: number }>(
      pool,
      `SELECT sum(messages)::int AS messages FROM analytics.message_activity('vendor-a', $1, $2)`,
      [new Date('2026-10-01T00:00:00Z'), new Date('2026-10-26T00:00:00Z')],
    )
  )[0]?.messages;

beforeAll(async () => {
  database = await createTestDatabase('analytics_message_rollups');
  await migrateAnalytics({ databaseUrl: database.url });
  pool = createPostgresPool({ url: database.url, applicationName: 'analytics-message-rollups-test' });
  facts = createPostgresFacts(pool);
  jobs = createTwoJobs(pool, { retentionDays, deleteBatchSize, now });
  await Promise.all(messages.map((fact) => facts.recordMessage(fact, {})));
  await facts.recordOwner({ deviceId: 'd1', ownerId: 'home-1', at: new Date('2026-10-01T10:30:00Z') });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the daily rollup of message facts and the pruning of their raw rows', () => {
  it('when two jobs run at once, each day past the retention is rolled up once and its raw rows are deleted batch by batch', async () => {
    expect(await vendorAMessages()).toBe(8);
    const done = await runJobsTogether(jobs, 'messages');
    // vendor-a's 1 and 2 Oct and vendor-b's 1 Oct; vendor-a's 7 raw rows take batches of 2.
    expect(done).toEqual({ daysRolledUp: 3, deleted: 8 });
    const day = (date: string) => new Date(`${date}T00:00:00.000Z`);
    const row = (
      vendorId: string,
      deviceId: string,
      date: string,
      kind: string,
      event: { name: string; severity: string } | null,
      messages: number,
      firstAt: string,
      lastAt: string,
    ) => ({
      vendor_id: vendorId,
      device_id: deviceId,
      day: day(date),
      kind,
      event_name: event?.name ?? null,
      severity: event?.severity ?? null,
      messages,
      first_at: new Date(firstAt),
      last_at: new Date(lastAt),
    });
    expect(await rollupRows()).toEqual([
      row('vendor-a', 'd1', '2026-10-01', 'event', door, 2, '2026-10-01T13:00:00Z', '2026-10-01T14:00:00Z'),
      row('vendor-a', 'd1', '2026-10-01', 'state', null, 1, '2026-10-01T12:00:00Z', '2026-10-01T12:00:00Z'),
      row(
        'vendor-a',
        'd1',
        '2026-10-01',
        'telemetry',
        null,
        3,
        '2026-10-01T09:00:00Z',
        '2026-10-01T23:59:59Z',
      ),
      row('vendor-a', 'd2', '2026-10-02', 'state', null, 1, '2026-10-02T08:00:00Z', '2026-10-02T08:00:00Z'),
      row('vendor-b', 'd4', '2026-10-01', 'state', null, 1, '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z'),
    ]);
    expect(await rawMessageIds()).toEqual(['telemetry:d3/2026-10-25T10:00:00.000Z']);
    // The claim's day is gone: its first message after the claim (11:00, not the day's first at 09:00) is kept.
    expect(
      await queryRows(pool, 'SELECT device_id, claimed_at, first_at FROM analytics.claim_first_messages'),
    ).toEqual([
      {
        device_id: 'd1',
        claimed_at: new Date('2026-10-01T10:30:00Z'),
        first_at: new Date('2026-10-01T11:00:00Z'),
      },
    ]);
    expect(await vendorAMessages()).toBe(8);
  });

  it('when the jobs run again, the rollup stays as it was', async () => {
    const before = await rollupRows();
    expect(await runJobsTogether(jobs, 'messages')).toEqual({ daysRolledUp: 0, deleted: 0 });
    expect(await rollupRows()).toEqual(before);
  });

  it('when a pruned message is delivered again, no figure counts it and the next round deletes it', async () => {
    const [again] = messages;
    if (again === undefined) throw new Error('no message');
    await facts.recordMessage(again, {});
    expect(await rawMessageIds()).toContain(again.messageId);
    expect(await vendorAMessages()).toBe(8);
    expect(await runJobsTogether(jobs, 'messages')).toEqual({ daysRolledUp: 0, deleted: 1 });
    expect(await rawMessageIds()).toEqual(['telemetry:d3/2026-10-25T10:00:00.000Z']);
  });

  it('a window whose edge before the horizon is not a UTC midnight is refused, naming the horizon', async () => {
    const activity = (from: string, to: string) =>
      queryRows(pool, `SELECT * FROM analytics.message_activity('vendor-a', $1, $2)`, [
        new Date(from),
        new Date(to),
      ]);
    await expect(activity('2026-10-01T06:00:00Z', '2026-10-05T00:00:00Z')).rejects.toMatchObject({
      code: 'YH400',
      message: expect.stringContaining(
        '2026-10-01T06:00:00Z is before 2026-10-03T00:00:00Z, the horizon',
      ) as unknown,
    });
    await expect(activity('2026-10-01T00:00:00Z', '2026-10-02T12:00:00Z')).rejects.toMatchObject({
      code: 'YH400',
    });
    // From the horizon on, any instant: raw rows.
    expect(await activity('2026-10-25T09:30:00Z', '2026-10-25T10:30:00Z')).toHaveLength(1);
  });
});
