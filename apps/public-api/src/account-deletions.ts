import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import { createPgAccountErasures } from './adapters/pg-account-erasures';
import type { Pool } from './adapters/postgres';
import { createAccountDeletionRelay, type AccountErasures } from './domain/account-deletion';
import type { Notifications } from './domain/notifications';

/** How often the relay looks for a `user.deleted` a failed publish or a crash left unconfirmed. */
const relayIntervalMs = 10_000;
const relayBatchSize = 100;

/** Account erasure and the relay of its outbox (`user.deleted`, confirmed by RabbitMQ). */
export interface AccountDeletions {
  readonly erasures: AccountErasures;
  /** A relay round now: the deleting request publishes its own event before it answers. */
  readonly publish: () => Promise<number>;
  /** A failed publish is logged; the event stays in the outbox for the relay. */
  readonly onPublishFailed: (error: unknown) => void;
  /** The relay's rounds every `relayIntervalMs`, started and stopped with the service. */
  readonly relay: PeriodicTask;
}

/** Builds them on PostgreSQL and the bus's notifications. */
export function createAccountDeletions(
  deps: { readonly pool: Pool; readonly logger: Logger },
  { notifications }: { readonly notifications: Pick<Notifications, 'userDeleted'> },
): AccountDeletions {
  const erasures = createPgAccountErasures(deps.pool);
  const publish = createAccountDeletionRelay({ erasures, notifications, batchSize: relayBatchSize });
  const onPublishFailed = (error: unknown) => {
    deps.logger.warn({ err: error }, 'publishing user.deleted failed; the outbox keeps it for the relay');
  };
  const relay = createPeriodicTask({
    intervalMs: relayIntervalMs,
    round: async () => (await publish()) === relayBatchSize,
    onFailure: onPublishFailed,
  });
  return { erasures, publish, onPublishFailed, relay };
}
