import { queryRows } from './sql-statements';
import type { SqlPool, SqlQueryable } from './sql-pool';

/** An event waiting in a transactional outbox, with the message id every copy of it is published under. */
export interface OutboxEntry {
  readonly id: string;
  readonly messageType: string;
  readonly messageId: string;
  readonly payload: unknown;
}

/** An event to write into an outbox, in the transaction of the change it announces. */
export type NewOutboxEntry = Omit<OutboxEntry, 'id'>;

/** The relay's side of an outbox table. */
export interface OutboxStore {
  /** Claims up to `limit` waiting events, oldest first, for `leaseMs` (other relays skip them meanwhile). */
  claim(limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** Forgets events the broker confirmed. */
  remove(ids: readonly string[]): Promise<void>;
  /** Ends the claim of events left unpublished, so the next round takes them without waiting for the lease. */
  release(ids: readonly string[]): Promise<void>;
}

/**
 * Writes events into `table` (a constant `schema.table` with the columns of alerts' migration 002:
 * `id bigserial, message_type, message_id UNIQUE, payload jsonb, claimed_until`) in the caller's transaction,
 * so they commit, or roll back, with the change. Their ids follow the order of `entries`, which is the order
 * the relay publishes them in. An event whose message id is there already is not added again.
 */
export async function writeOutboxEntries(
  db: SqlQueryable,
  table: string,
  entries: readonly NewOutboxEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const records = entries.map((entry) => ({
    message_type: entry.messageType,
    message_id: entry.messageId,
    payload: entry.payload,
  }));
  await queryRows(
    db,
    `INSERT INTO ${table} (message_type, message_id, payload)
      SELECT event.message_type, event.message_id, event.payload
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS entry(value, position)
      CROSS JOIN LATERAL jsonb_to_record(entry.value) AS event(message_type text, message_id text, payload jsonb)
      ORDER BY entry.position
      ON CONFLICT (message_id) DO NOTHING`,
    [JSON.stringify(records)],
  );
}

/**
 * The relay's side of `table` (see writeOutboxEntries). A claim is one statement, not a transaction held while
 * publishing: the embedded database has one session, which a publish waiting for a consumer that needs the
 * database must not hold. SKIP LOCKED lets replicas claim side by side; a row claimed by a replica that died is
 * claimed again once its lease ran out.
 */
export function createPostgresOutbox(pool: SqlPool, table: string): OutboxStore {
  const claimSql = `
    UPDATE ${table} o SET claimed_until = now() + make_interval(secs => $2 / 1000.0)
    FROM (
      SELECT id FROM ${table}
      WHERE claimed_until IS NULL OR claimed_until < now()
      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
    ) due
    WHERE o.id = due.id
    RETURNING o.id::text, o.message_type, o.message_id, o.payload`;
  return {
    async claim(limit, leaseMs) {
      const rows = await queryRows<{
        id: string;
        message_type: string;
        message_id: string;
        payload: unknown;
      }>(pool, claimSql, [limit, leaseMs]);
      return rows
        .map((row) => ({
          id: row.id,
          messageType: row.message_type,
          messageId: row.message_id,
          payload: row.payload,
        }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    },
    async remove(ids) {
      if (ids.length > 0) await queryRows(pool, `DELETE FROM ${table} WHERE id = ANY($1::bigint[])`, [ids]);
    },
    async release(ids) {
      if (ids.length > 0) {
        const sql = `UPDATE ${table} SET claimed_until = NULL WHERE id = ANY($1::bigint[])`;
        await queryRows(pool, sql, [ids]);
      }
    },
  };
}

/** What one relay round did: events published, and whether it claimed a whole batch (more may wait). */
export interface OutboxRelayRound {
  readonly published: number;
  readonly full: boolean;
}

/**
 * One round of an outbox relay: claims the oldest events and publishes them one after the other (an event never
 * overtakes an older one), removing those `publish` confirmed. A failed publish ends the round: the events
 * published are removed, the rest released for the next round, and the error rethrown. A crash between a
 * confirm and the removal publishes the event again under the same message id, which consumers can drop.
 */
export async function relayOutboxRound(options: {
  readonly outbox: OutboxStore;
  readonly publish: (entry: OutboxEntry) => Promise<void>;
  readonly batchSize: number;
  readonly leaseMs: number;
}): Promise<OutboxRelayRound> {
  const { outbox, batchSize } = options;
  const entries = await outbox.claim(batchSize, options.leaseMs);
  const published: string[] = [];
  try {
    for (const entry of entries) {
      await options.publish(entry);
      published.push(entry.id);
    }
  } catch (error) {
    await outbox.remove(published);
    await outbox.release(entries.slice(published.length).map((entry) => entry.id));
    throw error;
  }
  await outbox.remove(published);
  return { published: published.length, full: entries.length === batchSize };
}
