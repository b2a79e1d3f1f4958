import type { DeliveryAttempt, DeliveryLogPage } from '@homeport/contracts';
import { queryRows, type SqlPool } from '@homeport/storage';
import type { DeliveryLogFilter, DeliveryLogReader } from '../domain/delivery-log';

interface AttemptRow {
  id: string;
  outbox_id: string;
  channel: DeliveryAttempt['channel'];
  provider: string;
  category: DeliveryAttempt['category'];
  severity: DeliveryAttempt['severity'];
  template: string;
  outcome: string;
  reason: string | null;
  attempted_at: Date;
}

// Newest first, keyset paged by id (ids grow with time): a page never shifts when attempts are added.
// Each filter is either null (any) or a value; no address is selected. Webhook deliveries have a log of
// their own (per endpoint, GET /webhook-endpoints/{id}/deliveries): they are nobody's notifications.
const pageSql = `
  SELECT log.id::text AS id, log.outbox_id::text AS outbox_id, log.channel, log.provider, row.category,
    row.severity, row.template, log.outcome, log.reason, log.attempted_at
  FROM notifications.delivery_log AS log JOIN notifications.outbox AS row ON row.id = log.outbox_id
  WHERE log.channel <> 'webhook' AND ($1::uuid IS NULL OR log.user_id = $1) AND ($2::text IS NULL OR log.channel = $2)
    AND ($3::text IS NULL OR log.outcome = $3) AND ($4::bigint IS NULL OR log.id < $4)
  ORDER BY log.id DESC
  LIMIT $5`;

/** The delivery log joined with the outbox rows it is about. */
export function createPostgresDeliveryLog(pool: SqlPool): DeliveryLogReader {
  return {
    async page(filter: DeliveryLogFilter): Promise<DeliveryLogPage> {
      const rows = await queryRows<AttemptRow>(pool, pageSql, [
        filter.userId ?? null,
        filter.channel ?? null,
        filter.outcome ?? null,
        filter.before ?? null,
        filter.limit + 1,
      ]);
      const items = rows.slice(0, filter.limit).map((row) => ({
        id: row.id,
        notificationId: row.outbox_id,
        channel: row.channel,
        provider: row.provider,
        category: row.category,
        severity: row.severity,
        template: row.template,
        outcome: row.outcome,
        reason: row.reason,
        attemptedAt: new Date(row.attempted_at).toISOString(),
      }));
      const last = items.at(-1);
      return rows.length > filter.limit && last !== undefined ? { items, nextBefore: last.id } : { items };
    },
  };
}
