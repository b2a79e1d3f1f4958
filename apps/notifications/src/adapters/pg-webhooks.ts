import type { WebhookDelivery } from '@homeport/contracts';
import { inTransaction, queryRows, type SqlPool, type SqlQueryable } from '@homeport/storage';
import type { WebhookMessage } from '../domain/channels';
import type { WebhookEndpointDisabled, WebhookStore } from '../domain/webhook-ports';

// A request becomes one outbox row (dedup key = messageId, recipient = address = the endpoint id), abandoned
// and logged at once when the endpoint is disabled; ON CONFLICT makes a redelivered request a no-op.
const enqueueSql = `
  WITH inserted AS (
    INSERT INTO notifications.outbox
      (dedup_key, recipient, channel, category, severity, template, address, message, status, settled_at)
    SELECT $1, $2::text, 'webhook', 'webhook', 'info', $3, $2::text, $4::jsonb,
      CASE WHEN disabled THEN 'abandoned' ELSE 'pending' END, CASE WHEN disabled THEN now() END
    FROM (SELECT EXISTS (SELECT 1 FROM notifications.webhook_endpoints
                         WHERE endpoint_id = $2::text::uuid AND disabled_at IS NOT NULL) AS disabled) AS endpoint
    ON CONFLICT (dedup_key, recipient, channel) DO NOTHING
    RETURNING id, status
  ), logged AS (
    INSERT INTO notifications.delivery_log (outbox_id, channel, provider, outcome, reason)
    SELECT id, 'webhook', 'webhook', 'abandoned', 'abandoned: the endpoint is disabled'
    FROM inserted WHERE status = 'abandoned'
  )
  SELECT status FROM inserted`;

// Abandons an endpoint's waiting rows (rows being sent too: their attempt then settles nothing) and logs each.
const abandonSql = `
  WITH abandoned AS (
    UPDATE notifications.outbox SET status = 'abandoned', lease_until = NULL, settled_at = now()
    WHERE channel = 'webhook' AND recipient = $1 AND status = 'pending'
    RETURNING id
  )
  INSERT INTO notifications.delivery_log (outbox_id, channel, provider, outcome, reason)
  SELECT id, 'webhook', 'webhook', 'abandoned', $2 FROM abandoned
  RETURNING outbox_id`;

const recordFailureSql = `
  INSERT INTO notifications.webhook_endpoints (endpoint_id, failing_since, last_error)
  VALUES ($1, to_timestamp($3 / 1000.0), $2)
  ON CONFLICT (endpoint_id) DO UPDATE SET
    failing_since = coalesce(webhook_endpoints.failing_since, excluded.failing_since),
    last_error = excluded.last_error
  RETURNING (extract(epoch FROM failing_since) * 1000)::bigint::text AS failing_since_ms,
    disabled_at IS NOT NULL AS disabled`;

const claimUnannouncedSql = `
  UPDATE notifications.webhook_endpoints AS endpoint
  SET announce_lease_until = now() + $2 * interval '1 millisecond'
  FROM (
    SELECT endpoint_id FROM notifications.webhook_endpoints
    WHERE disabled_at IS NOT NULL AND announced_at IS NULL
      AND (announce_lease_until IS NULL OR announce_lease_until <= now())
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ) AS due
  WHERE endpoint.endpoint_id = due.endpoint_id
  RETURNING endpoint.endpoint_id::text AS "endpointId",
    (extract(epoch FROM coalesce(failing_since, disabled_at)) * 1000)::bigint::text AS failing_since_ms,
    coalesce(last_error, '') AS "lastError",
    (extract(epoch FROM disabled_at) * 1000)::bigint::text AS disabled_at_ms`;

// Newest first, keyset paged by id. The last attempt's status and time skip 'abandoned' entries (no
// attempt); the last error is the newest entry's reason, an abandonment's included.
const pageSql = `
  SELECT row.id::text AS id, row.dedup_key AS message_id, row.template AS event_type, row.status,
    row.attempts, row.created_at, row.next_attempt_at, attempt.status_code, attempt.attempted_at,
    latest.reason
  FROM notifications.outbox AS row
  LEFT JOIN LATERAL (
    SELECT status_code, attempted_at FROM notifications.delivery_log AS log
    WHERE log.outbox_id = row.id AND log.outcome <> 'abandoned' ORDER BY log.id DESC LIMIT 1
  ) AS attempt ON true
  LEFT JOIN LATERAL (
    SELECT reason FROM notifications.delivery_log AS log WHERE log.outbox_id = row.id ORDER BY log.id DESC LIMIT 1
  ) AS latest ON true
  WHERE row.channel = 'webhook' AND row.recipient = $1 AND ($2::text IS NULL OR row.status = $2)
    AND ($3::bigint IS NULL OR row.id < $3)
  ORDER BY row.id DESC
  LIMIT $4`;

interface DeliveryRow {
  id: string;
  message_id: string;
  event_type: WebhookDelivery['eventType'];
  status: WebhookDelivery['status'];
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  status_code: number | null;
  attempted_at: Date | null;
  reason: string | null;
}

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  messageId: row.message_id,
  eventType: row.event_type,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.status_code,
  lastError: row.reason,
  createdAt: row.created_at.toISOString(),
  lastAttemptAt: row.attempted_at?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
});

// The outbox keeps the endpoint id as text (its recipient): one spelling, whatever case a caller used.
const asRecipient = (endpointId: string) => endpointId.toLowerCase();

const abandonWaiting = async (db: SqlQueryable, endpointId: string, reason: string) =>
  (await queryRows(db, abandonSql, [asRecipient(endpointId), reason])).length;

/** Webhook rows of notifications.outbox and notifications.webhook_endpoints. */
export function createPostgresWebhooks(pool: SqlPool): WebhookStore {
  return {
    async enqueue(request) {
      const endpointId = asRecipient(request.endpointId);
      const message: WebhookMessage = {
        endpointId,
        url: request.url,
        secret: request.secret,
        messageId: request.messageId,
        body: request.body,
      };
      const [row] = await queryRows<{ status: string }>(pool, enqueueSql, [
        request.messageId,
        endpointId,
        request.eventType,
        JSON.stringify(message),
      ]);
      if (row === undefined) return 'duplicate';
      return row.status === 'abandoned' ? 'abandoned' : 'queued';
    },
    async recordSuccess(endpointId) {
      await queryRows(
        pool,
        `UPDATE notifications.webhook_endpoints SET failing_since = NULL, last_error = NULL
         WHERE endpoint_id = $1 AND failing_since IS NOT NULL`,
        [endpointId],
      );
    },
    async recordFailure(endpointId, reason, nowMs) {
      const [row] = await queryRows<{ failing_since_ms: string; disabled: boolean }>(pool, recordFailureSql, [
        endpointId,
        reason,
        nowMs,
      ]);
      return { failingSinceMs: Number(row?.failing_since_ms ?? nowMs), disabled: row?.disabled ?? false };
    },
    disable(endpointId, reason) {
      return inTransaction(pool, async (db) => {
        const disabled = await queryRows(
          db,
          `INSERT INTO notifications.webhook_endpoints (endpoint_id, disabled_at) VALUES ($1, now())
           ON CONFLICT (endpoint_id) DO UPDATE SET disabled_at = now()
             WHERE webhook_endpoints.disabled_at IS NULL
           RETURNING endpoint_id`,
          [endpointId],
        );
        await abandonWaiting(db, endpointId, reason);
        return disabled.length > 0;
      });
    },
    async enable(endpointId) {
      await queryRows(pool, 'DELETE FROM notifications.webhook_endpoints WHERE endpoint_id = $1', [
        endpointId,
      ]);
    },
    forget(endpointId, reason) {
      return inTransaction(pool, async (db) => {
        await queryRows(db, 'DELETE FROM notifications.webhook_endpoints WHERE endpoint_id = $1', [
          endpointId,
        ]);
        return abandonWaiting(db, endpointId, reason);
      });
    },
    async claimUnannounced(limit, leaseMs) {
      const rows = await queryRows<{
        endpointId: string;
        failing_since_ms: string;
        lastError: string;
        disabled_at_ms: string;
      }>(pool, claimUnannouncedSql, [limit, leaseMs]);
      return rows.map((row): WebhookEndpointDisabled => ({
        endpointId: row.endpointId,
        failingSince: Number(row.failing_since_ms),
        lastError: row.lastError,
        disabledAt: Number(row.disabled_at_ms),
      }));
    },
    async markAnnounced(endpointId) {
      await queryRows(
        pool,
        `UPDATE notifications.webhook_endpoints SET announced_at = now(), announce_lease_until = NULL
         WHERE endpoint_id = $1 AND disabled_at IS NOT NULL`,
        [endpointId],
      );
    },
    async page(endpointId, filter) {
      const rows = await queryRows<DeliveryRow>(pool, pageSql, [
        asRecipient(endpointId),
        filter.status ?? null,
        filter.before ?? null,
        filter.limit + 1,
      ]);
      const items = rows.slice(0, filter.limit).map(toDelivery);
      const last = items.at(-1);
      return rows.length > filter.limit && last !== undefined ? { items, nextBefore: last.id } : { items };
    },
  };
}
