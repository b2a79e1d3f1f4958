import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import type { ChannelName } from '../domain/channels';
import type { DueDigest, OutboxEntry, OutboxStore } from '../domain/ports';
import { insertOutboxEntries } from './pg-outbox-insert';

interface HeldRow {
  id: string;
  user_id: string;
  channel: ChannelName;
  address: string;
  digest_key: string;
  category: string;
  message: unknown;
}

// SKIP LOCKED: replicas running the job at once take different rows; a group split between two of them
// becomes two digests at worst, never a lost or doubled message.
const takeDueSql = `
  SELECT id::text AS id, user_id, channel, address, digest_key, category, message
  FROM notifications.outbox
  WHERE status = 'held' AND next_attempt_at <= to_timestamp($1 / 1000.0)
  ORDER BY id
  LIMIT $2
  FOR UPDATE SKIP LOCKED`;

const countRecentSql = `
  SELECT count(*) FROM notifications.outbox
  WHERE user_id = $1 AND category = $2 AND channel = $3 AND address = $4
    AND created_at > to_timestamp($5 / 1000.0) AND status NOT IN ('held', 'digested')`;

const queueDigestSql = `
  INSERT INTO notifications.outbox
    (dedup_key, recipient, channel, user_id, category, severity, template, address, message)
  VALUES ($1, $2, $3, $4, 'digest', 'info', $5, $6, $7)
  ON CONFLICT (dedup_key, recipient, channel) DO UPDATE SET dedup_key = excluded.dedup_key
  RETURNING id`;

function groupDigests(rows: readonly HeldRow[]): Map<string, { digest: DueDigest; ids: string[] }> {
  const groups = new Map<string, { digest: DueDigest; ids: string[] }>();
  for (const row of rows) {
    const key = `${row.user_id} ${row.channel} ${row.digest_key}`;
    const group = groups.get(key) ?? {
      digest: {
        userId: row.user_id,
        channel: row.channel,
        address: row.address,
        digestKey: row.digest_key,
        held: [],
      },
      ids: [],
    };
    (group.digest.held as DueDigest['held'][number][]).push({ category: row.category, message: row.message });
    group.ids.push(row.id);
    groups.set(key, group);
  }
  return groups;
}

/** The rate-limited enqueue and the digest job's statements of the outbox. */
export function createPostgresHeldRows(
  pool: SqlPool,
): Pick<OutboxStore, 'enqueueRateLimited' | 'collectDueHeld'> {
  return {
    async enqueueRateLimited({ userId, category, sinceMs }, drafts, decide) {
      return inTransaction(pool, async (db) => {
        // Held until commit: a concurrent request of the user and category counts after this one's rows.
        await queryRows(db, 'SELECT pg_advisory_xact_lock(hashtext($1))', [`rate ${userId} ${category}`]);
        const entries: OutboxEntry[] = [];
        for (const draft of drafts) {
          const [row] = await queryRows<{ count: string }>(db, countRecentSql, [
            ...[userId, category, draft.channel, draft.address, sinceMs],
          ]);
          const hold = decide(draft, Number(row?.count ?? 0));
          entries.push(hold === undefined ? draft : { ...draft, hold });
        }
        return insertOutboxEntries(db, entries);
      });
    },
    async collectDueHeld(nowMs, limit, render) {
      return inTransaction(pool, async (db) => {
        const rows = await queryRows<HeldRow>(db, takeDueSql, [nowMs, limit]);
        const groups = groupDigests(rows);
        for (const { digest, ids } of groups.values()) {
          const entry = await render(digest);
          // The first held row's id keeps a later batch of the same digest key from joining one already sent.
          const [queued] = await queryRows<{ id: string }>(db, queueDigestSql, [
            `${entry.dedupKey}#${ids[0] ?? ''}`,
            entry.recipient,
            entry.channel,
            entry.userId ?? null,
            entry.template,
            entry.address,
            JSON.stringify(entry.message),
          ]);
          await queryRows(
            db,
            `UPDATE notifications.outbox SET status = 'digested', digest_of = $2, settled_at = now()
             WHERE id = ANY($1::bigint[])`,
            [ids, queued?.id],
          );
        }
        return groups.size;
      });
    },
  };
}
