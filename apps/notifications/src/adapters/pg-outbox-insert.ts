import { queryRows, type SqlQueryable } from '@homeport/storage';
import type { OutboxEntry } from '../domain/ports';

// One statement: a request's rows are queued whole or not at all.
const enqueueSql = `
  INSERT INTO notifications.outbox
    (dedup_key, recipient, channel, user_id, category, severity, template, address, message, status,
     digest_key, next_attempt_at)
  SELECT dedup_key, recipient, channel, user_id, category, severity, template, address, message,
    CASE WHEN digest_key IS NULL THEN 'pending' ELSE 'held' END, digest_key,
    coalesce(to_timestamp(due_at_ms / 1000.0), now())
  FROM jsonb_to_recordset($1::jsonb) AS entry(dedup_key text, recipient text, channel text, user_id uuid,
    category text, severity text, template text, address text, message jsonb, digest_key text,
    due_at_ms bigint)
  ON CONFLICT (dedup_key, recipient, channel) DO NOTHING
  RETURNING id`;

/** Inserts the entries (held ones as 'held' until their due time); resolves with how many were new. */
export async function insertOutboxEntries(
  db: SqlQueryable,
  entries: readonly OutboxEntry[],
): Promise<number> {
  const records = entries.map((entry) => ({
    dedup_key: entry.dedupKey,
    recipient: entry.recipient,
    channel: entry.channel,
    user_id: entry.userId ?? null,
    category: entry.category,
    severity: entry.severity,
    template: entry.template,
    address: entry.address,
    message: entry.message,
    digest_key: entry.hold?.digestKey ?? null,
    due_at_ms: entry.hold?.dueAtMs ?? null,
  }));
  return (await queryRows(db, enqueueSql, [JSON.stringify(records)])).length;
}
