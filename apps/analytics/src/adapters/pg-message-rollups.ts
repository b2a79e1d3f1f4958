import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import { dayMs } from '../domain/periods';
import type { MessageRollups } from '../domain/ports';

// A loose index scan of device_messages_by_vendor_time: one descent per vendor instead of reading every row.
const vendorsSql = `WITH RECURSIVE vendors AS (
    (SELECT m.vendor_id FROM analytics.device_messages m ORDER BY m.vendor_id LIMIT 1)
    UNION ALL
    SELECT (SELECT m.vendor_id FROM analytics.device_messages m WHERE m.vendor_id > v.vendor_id
            ORDER BY m.vendor_id LIMIT 1)
    FROM vendors v WHERE v.vendor_id IS NOT NULL
  )
  SELECT vendor_id FROM vendors WHERE vendor_id IS NOT NULL`;

// The vendor's horizon (null: none yet) and the UTC day of its earliest raw message from it on.
const nextDaySql = `SELECT h.horizon, (
    SELECT date_trunc('day', min(m.at), 'UTC') FROM analytics.device_messages m
    WHERE m.vendor_id = $1 AND m.at >= coalesce(h.horizon, '-infinity')) AS day
  FROM (SELECT (SELECT horizon FROM analytics.message_horizons WHERE vendor_id = $1) AS horizon) h`;

// Moves the horizon only from the value read: a job that read an older one (another job rolled the day up
// meanwhile) waits for that job's transaction, then changes nothing and returns no row.
const moveHorizonSql = `INSERT INTO analytics.message_horizons AS h (vendor_id, horizon) VALUES ($1, $3)
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

// Replicas deleting at once take different rows (SKIP LOCKED) instead of waiting on each other's.
const deleteRolledUpSql = `WITH gone AS (
    DELETE FROM analytics.device_messages WHERE message_id IN (
      SELECT m.message_id FROM analytics.device_messages m
      WHERE m.vendor_id = $1
        AND m.at < (SELECT h.horizon FROM analytics.message_horizons h WHERE h.vendor_id = $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING 1
  )
  SELECT count(*)::int AS deleted FROM gone`;

/** The rollup of message facts in PostgreSQL (migration 004). */
export function createPostgresMessageRollups(pool: SqlPool): MessageRollups {
  return {
    async vendorsWithRawMessages() {
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
        return 'rolled-up';
      }),
    async deleteRolledUp(vendorId, limit) {
      const [row] = await queryRows<{ deleted: number }>(pool, deleteRolledUpSql, [vendorId, limit]);
      return row?.deleted ?? 0;
    },
  };
}
