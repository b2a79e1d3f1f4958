import { randomUUID } from 'node:crypto';
import { deviceChangedV1 } from '@homeport/contracts';
import { createPostgresOutbox, inTransaction, writeOutboxEntries, type OutboxStore } from '@homeport/storage';
import type { ChangeAnnouncement } from '../domain/device-lifecycle';
import type { Pool, Queryable } from './postgres';

/** broker-api's transactional outbox (migration 008): device.changed events waiting for RabbitMQ. */
const outboxTable = 'broker_api.outbox';

/** Changes of devices whose device.changed event commits with them. */
export interface DeviceChangeOutbox {
  /**
   * Runs `work` in one transaction; when it wrote something (not undefined), the event `announce` makes of it
   * is written to the outbox in the same transaction, and the relay is woken once that committed.
   */
  change<T>(
    work: (db: Queryable) => Promise<T | undefined>,
    announce: ChangeAnnouncement<T>,
  ): Promise<T | undefined>;
}

/** The writing side of `broker_api.outbox`; `onCommitted` wakes the relay after a change committed its event. */
export function createDeviceChangeOutbox(pool: Pool, onCommitted: () => void): DeviceChangeOutbox {
  return {
    async change(work, announce) {
      const written = await inTransaction(pool, async (db) => {
        const result = await work(db);
        if (result === undefined) return undefined;
        // A message id of its own, kept by every copy the relay may publish of it.
        const entry = {
          messageType: deviceChangedV1.type,
          messageId: randomUUID(),
          payload: announce(result),
        };
        await writeOutboxEntries(db, outboxTable, [entry]);
        return result;
      });
      if (written !== undefined) onCommitted();
      return written;
    },
  };
}

/** The relay's side of `broker_api.outbox`. */
export function createPgDeviceChangeRelayStore(pool: Pool): OutboxStore {
  return createPostgresOutbox(pool, outboxTable);
}
