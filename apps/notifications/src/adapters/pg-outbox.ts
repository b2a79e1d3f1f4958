import { queryRows, type SqlPool } from '@homeport/storage';
import type { ClaimedDelivery, OutboxStore } from '../domain/ports';
import { createPostgresHeldRows } from './pg-held-rows';
import { insertOutboxEntries } from './pg-outbox-insert';

/** The service's own PostgreSQL schema. */
export const notificationsSchema = 'notifications';

// One statement each, so each is atomic without a transaction: an attempt is logged in the same statement
// that settles its row.
// SKIP LOCKED: replicas claiming at once take different rows instead of queueing behind each other's locks.
const claimSql = `
  UPDATE notifications.outbox AS row SET lease_until = now() + $3 * interval '1 millisecond'
  FROM (
    SELECT id FROM notifications.outbox
    WHERE status = 'pending' AND next_attempt_at <= now() AND channel = ANY($1::text[])
      AND (lease_until IS NULL OR lease_until <= now())
    ORDER BY next_attempt_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ) AS due
  WHERE row.id = due.id
  RETURNING row.id::text AS id, row.channel, row.address, row.message, row.attempts,
    EXISTS (SELECT 1 FROM notifications.suppressed_addresses AS dead
            WHERE dead.channel = row.channel AND dead.address = row.address) AS suppressed`;

const settleSql = `
  WITH settled AS (
    UPDATE notifications.outbox SET
      status = $2,
      attempts = attempts + 1,
      lease_until = NULL,
      next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + $3 * interval '1 millisecond' ELSE next_attempt_at END,
      settled_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END
    WHERE id = $1 AND status = 'pending'
    RETURNING id, user_id, channel
  )
  INSERT INTO notifications.delivery_log
    (outbox_id, user_id, channel, provider, outcome, reason, provider_message_id, status_code)
  SELECT id, user_id, channel, $4, $5, $6, $7, $8 FROM settled`;

/** The outbox (notifications.outbox, delivery_log, suppressed_addresses) on PostgreSQL or the embedded one. */
export function createPostgresOutbox(pool: SqlPool): OutboxStore {
  return {
    ...createPostgresHeldRows(pool),
    enqueue: (entries) => insertOutboxEntries(pool, entries),
    async claimDue(channels, limit, leaseMs) {
      return queryRows<ClaimedDelivery>(pool, claimSql, [channels, limit, leaseMs]);
    },
    async settle(id, attempt, next) {
      await queryRows(pool, settleSql, [
        id,
        next.status,
        next.status === 'pending' ? Math.round(next.delayMs) : 0,
        attempt.provider,
        attempt.outcome,
        attempt.reason ?? null,
        attempt.providerMessageId ?? null,
        attempt.statusCode ?? null,
      ]);
    },
    async defer(id, delayMs) {
      await queryRows(
        pool,
        `UPDATE notifications.outbox SET lease_until = NULL, next_attempt_at = now() + $2 * interval '1 millisecond'
         WHERE id = $1 AND status = 'pending'`,
        [id, Math.round(delayMs)],
      );
    },
    async suppressAddress(channel, address, reason) {
      await queryRows(
        pool,
        `INSERT INTO notifications.suppressed_addresses (channel, address, reason) VALUES ($1, $2, $3)
         ON CONFLICT (channel, address) DO NOTHING`,
        [channel, address, reason],
      );
    },
  };
}
