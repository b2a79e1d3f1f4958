import { createPostgresPool, queryRows, type SqlPool } from '@homeport/storage';
import { createTestDatabase, type TestDatabase } from '@homeport/testing';
import { createPostgresFacts } from '../src/adapters/pg-facts';
import type { FactStore, MessageFact } from '../src/domain/ports';
import { migrateAnalytics } from '../src/migrations';

const base = Date.parse('2026-12-04T10:00:00Z');
const minute = 60_000;

let database: TestDatabase;
let pool: SqlPool;
let facts: FactStore;

beforeAll(async () => {
  database = await createTestDatabase('analytics_message_facts');
  await migrateAnalytics({ databaseUrl: database.url });
  pool = createPostgresPool({ url: database.url, applicationName: 'analytics-message-facts-test' });
  facts = createPostgresFacts(pool);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

const stateMessage = (deviceId: string, minutes: number): MessageFact => ({
  messageId: `state:${deviceId}/${minutes}`,
  vendorId: 'vendor-a',
  deviceId,
  kind: 'state',
  at: new Date(base + minutes * minute),
});

/** Records the reports side by side (one batch), in the order given. */
const recordTogether = (
  deviceId: string,
  reports: readonly { minutes: number; firmware?: string; battery?: number }[],
) =>
  Promise.all(
    reports.map(({ minutes, ...readings }) => facts.recordMessage(stateMessage(deviceId, minutes), readings)),
  );

describe('message facts recorded together', () => {
  it('when reports of one device arrive together, each firmware change is kept as if they came one at a time in the order of their times', async () => {
    await facts.recordMessage(stateMessage('d-firmware', 0), { firmware: '1.0' });
    // Out of order on purpose: "the version just before" is by time, not by arrival.
    await recordTogether('d-firmware', [
      { minutes: 30, firmware: '2.0' },
      { minutes: 10, firmware: '1.0' },
      { minutes: 20, firmware: '2.0' },
      { minutes: 40, firmware: '1.0' },
      { minutes: 40, firmware: '1.0' },
    ]);
    const rows = await queryRows<{ minutes: number; version: string }>(
      pool,
      `SELECT (extract(epoch FROM at - $2::timestamptz) / 60)::int AS minutes, version
       FROM analytics.firmware_reports WHERE device_id = $1 ORDER BY at`,
      ['d-firmware', new Date(base)],
    );
    expect(rows).toEqual([
      { minutes: 0, version: '1.0' },
      { minutes: 20, version: '2.0' },
      { minutes: 40, version: '1.0' },
    ]);
  });

  it('when battery readings of one hour arrive together, the latest of the hour is kept', async () => {
    await facts.recordMessage(stateMessage('d-battery', 5), { battery: 90 });
    await recordTogether('d-battery', [
      { minutes: 50, battery: 70 },
      { minutes: 30, battery: 80 },
      { minutes: 70, battery: 60 },
      { minutes: 1, battery: 99 },
    ]);
    const rows = await queryRows<{ level: number }>(
      pool,
      'SELECT level FROM analytics.battery_readings WHERE device_id = $1 ORDER BY hour',
      ['d-battery'],
    );
    expect(rows.map((row) => row.level)).toEqual([70, 60]);
  });

  it('when the same message arrives twice in one batch, it counts once', async () => {
    const message = stateMessage('d-twice', 3);
    await Promise.all([facts.recordMessage(message, {}), facts.recordMessage(message, {})]);
    const rows = await queryRows(pool, 'SELECT 1 FROM analytics.device_messages WHERE device_id = $1', [
      'd-twice',
    ]);
    expect(rows).toHaveLength(1);
  });
});
