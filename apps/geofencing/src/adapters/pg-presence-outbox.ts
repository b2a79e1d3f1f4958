import { randomUUID } from 'node:crypto';
import {
  createPostgresOutbox,
  writeOutboxEntries,
  type OutboxStore,
  type SqlPool,
  type SqlQueryable,
} from '@homeport/storage';
import type { PresenceEvent } from '../domain/presence-events';

/** geofencing's transactional outbox (migrations 001, 005): presence events waiting for RabbitMQ. */
const outboxTable = 'geofencing.outbox';

/**
 * Writes events to the outbox, in this order, within the caller's transaction; each gets a message id of its own,
 * kept by every copy the relay may publish of it.
 */
export function writePresenceEvents(db: SqlQueryable, events: readonly PresenceEvent[]): Promise<void> {
  const entries = events.map((event) => ({
    messageType: event.type,
    messageId: randomUUID(),
    payload: event.payload,
  }));
  return writeOutboxEntries(db, outboxTable, entries);
}

/** The relay's side of `geofencing.outbox`. */
export function createPresenceOutbox(pool: SqlPool): OutboxStore {
  return createPostgresOutbox(pool, outboxTable);
}
