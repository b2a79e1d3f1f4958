import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import type { OutboxEntry, PresenceOutbox } from '../domain/ports';
import type { PresenceEvent } from '../domain/presence-events';

interface OutboxRow {
  id: string;
  type: PresenceEvent['type'];
  payload: PresenceEvent['payload'];
}

/**
 * The outbox in PostgreSQL: rows are taken oldest first with SKIP LOCKED (replicas share the work, a row is
 * published by one at a time) and deleted in the transaction that took them once `publish` confirmed them.
 */
export function createPostgresPresenceOutbox(pool: SqlPool): PresenceOutbox {
  return {
    publishBatch: (limit, publish) =>
      inTransaction(pool, async (db) => {
        const rows = await queryRows<OutboxRow>(
          db,
          'SELECT id::text, type, payload FROM geofencing.outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
          [limit],
        );
        if (rows.length === 0) return 0;
        const entries = rows.map((row): OutboxEntry => ({ id: row.id, event: toEvent(row) }));
        const published = await publish(entries);
        if (published.length > 0) {
          await queryRows(db, 'DELETE FROM geofencing.outbox WHERE id = ANY($1::bigint[])', [published]);
        }
        return published.length;
      }),
  };
}

// The type column was written from a PresenceEvent; the pair travels back as it went in.
function toEvent(row: OutboxRow): PresenceEvent {
  return { type: row.type, payload: row.payload } as PresenceEvent;
}
