import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import { dayMs } from '../domain/periods';
import type { FactRollups } from '../domain/ports';

// A loose index scan of an index by (vendor_id, at): one descent per vendor instead of reading every row.
const vendorsOf = (table: string) => `WITH RECURSIVE vendors AS (
    (SELECT f.vendor_id FROM ${table} f WHERE f.vendor_id IS NOT NULL ORDER BY f.vendor_id LIMIT 1)
    UNION ALL
    SELECT (SELECT f.vendor_id FROM ${table} f WHERE f.vendor_id > v.vendor_id ORDER BY f.vendor_id LIMIT 1)
    FROM vendors v WHERE v.vendor_id IS NOT NULL
  )
  SELECT vendor_id FROM vendors WHERE vendor_id IS NOT NULL`;

const vendorsSql = `(${vendorsOf('analytics.device_messages')}) UNION (${vendorsOf('analytics.presence')})`;

// The vendor's horizon (null: none yet) and the UTC day of its earliest raw message or presence from it on.
const nextDaySql = `SELECT h.horizon, date_trunc('day', least(
    (SELECT min(m.at) FROM analytics.device_messages m
     WHERE m.vendor_id = $1 AND m.at >= coalesce(h.horizon, '-infinity')),
    (SELECT min(p.at) FROM analytics.presence p
     WHERE p.vendor_id = $1 AND p.at >= coalesce(h.horizon, '-infinity'))), 'UTC') AS day
  FROM (SELECT (SELECT horizon FROM analytics.fact_horizons WHERE vendor_id = $1) AS horizon) h`;

// Moves the horizon only from the value read: a job that read an older one (another job rolled the day up
// meanwhile) waits for that job's transaction, then changes nothing and returns no row.
const moveHorizonSql = `INSERT INTO analytics.fact_horizons AS h (vendor_id, horizon) VALUES ($1, $3)
  ON CONFLICT (vendor_id) DO UPDATE SET horizon = excluded.horizon
  WHERE h.horizon IS NOT DISTINCT FROM $2::timestamptz
  RETURNING 1`;

const rollUpDaySql = `INSERT INTO analytics.message_days
    (vendor_id, device_id, day, kind, event_name, severity, messages, first_at, last_at)
  SELECT $1, m.device_id, $2, m.kind, m.event_name, m.severity, count(*), min(m.at), max(m.at)
  FROM analytics.device_messages m
  WHERE m.vendor_id = $1 AND m.at >= $2 AND m.at < $3
  GROUP BY m.device_id, m.kind, m.event_name, m.severity
  ON CONFLICT DO NOTHING`;

// Only a device that sent messages that day can have a first message after a claim that day.
const recordClaimFirstMessagesSql = `INSERT INTO analytics.claim_first_messages (device_id, claimed_at, first_at)
  SELECT o.device_id, o.changed_at, f.first_at
  FROM (SELECT DISTINCT r.device_id FROM analytics.message_days r WHERE r.vendor_id = $1 AND r.day = $2) d
  JOIN analytics.ownership_changes o ON o.device_id = d.device_id
  CROSS JOIN LATERAL (
    SELECT min(m.at) AS first_at FROM analytics.device_messages m
    WHERE m.device_id = o.device_id AND m.vendor_id = $1 AND m.at >= o.changed_at AND m.at < $3
  ) f
  WHERE o.owner_id IS NOT NULL AND o.changed_at >= $2 AND o.changed_at < $3 AND f.first_at IS NOT NULL
  ON CONFLICT DO NOTHING`;

// The day's presence as spans (migration 005).
const rollUpPresenceSql = 'SELECT analytics.roll_up_presence($1, $2, $3)';

// Replicas deleting at once take different rows (SKIP LOCKED) instead of waiting on each other's.
const deleteRolledUpSql = (table: string, key: string) => `WITH gone AS (
    DELETE FROM ${table} WHERE (${key}) IN (
      SELECT ${key} FROM ${table}
      WHERE vendor_id = $1
        AND at < (SELECT h.horizon FROM analytics.fact_horizons h WHERE h.vendor_id = $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING 1
  )
  SELECT count(*)::int AS deleted FROM gone`;

const deleteSql = {
  messages: deleteRolledUpSql('analytics.device_messages', 'message_id'),
  presence: deleteRolledUpSql('analytics.presence', 'device_id, at, online'),
};

/** The rollup of message and presence facts in PostgreSQL (migrations 004 and 005). */
export function createPostgresFactRollups(pool: SqlPool): FactRollups {
  return {
    async vendorsWithRawFacts() {
      const rows = await queryRows<{ vendor_id: string }>(pool, vendorsSql);
      return rows.map((row) => row.vendor_id);
    },
    rollUpNextDay: (vendorId, before) =>
      inTransaction(pool, async (db) => {
        const [next] = await queryRows<{ horizon: Date | null; day: Date | null }>(db, nextDaySql, [
          vendorId,
        ]);
        const day = next?.day ?? null;
        if (day === null) return 'none-due';
        const end = new Date(day.getTime() + dayMs);
        if (end > before) return 'none-due';
        const moved = await queryRows(db, moveHorizonSql, [vendorId, next?.horizon ?? null, end]);
        if (moved.length === 0) return 'rolled-up-elsewhere';
        await queryRows(db, rollUpDaySql, [vendorId, day, end]);
        await queryRows(db, recordClaimFirstMessagesSql, [vendorId, day, end]);
        await queryRows(db, rollUpPresenceSql, [vendorId, day, end]);
        return 'rolled-up';
      }),
    async deleteRolledUp(vendorId, facts, limit) {
      const [row] = await queryRows<{ deleted: number }>(pool, deleteSql[facts], [vendorId, limit]);
      return row?.deleted ?? 0;
    },
  };
}
