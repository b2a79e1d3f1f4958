import { userDeletedV1 } from '@homeport/contracts';
import { createStoredMessagePublisher, type MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import { relayOutboxRound } from '@homeport/storage';
import { createPgAccountErasures, createPgPublicApiOutbox } from './adapters/pg-account-erasures';
import type { Pool } from './adapters/postgres';
import type { AccountErasures } from './domain/account-deletion';

/** How often the relay looks for a `user.deleted` a failed publish or a crash left unconfirmed. */
const relayIntervalMs = 10_000;
const relayBatchSize = 100;
/** How long a round holds the events it publishes (another replica's round skips them meanwhile). */
const relayLeaseMs = 30_000;

/** Account erasure and the relay of public-api's outbox (`user.deleted`, confirmed by RabbitMQ). */
export interface AccountDeletions {
  readonly erasures: AccountErasures;
  /** A relay round now: the deleting request publishes its own event before it answers. */
  readonly publish: () => Promise<unknown>;
  /** A failed publish is logged; the event stays in the outbox for the relay. */
  readonly onPublishFailed: (error: unknown) => void;
  /** The relay's rounds every `relayIntervalMs`, started and stopped with the service. */
  readonly relay: PeriodicTask;
}

/** Builds them on PostgreSQL and the bus. */
export function createAccountDeletions(deps: {
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly logger: Logger;
}): AccountDeletions {
  const outbox = createPgPublicApiOutbox(deps.pool);
  // The erasure writes `user.deleted` with one message id per user, for the consumers' dedup.
  const publishEntry = createStoredMessagePublisher(deps.bus, [userDeletedV1]);
  const round = () =>
    relayOutboxRound({ outbox, publish: publishEntry, batchSize: relayBatchSize, leaseMs: relayLeaseMs });
  const onPublishFailed = (error: unknown) => {
    deps.logger.warn({ err: error }, 'publishing user.deleted failed; the outbox keeps it for the relay');
  };
  const relay = createPeriodicTask({
    intervalMs: relayIntervalMs,
    round: async () => (await round()).full,
    onFailure: onPublishFailed,
  });
  return { erasures: createPgAccountErasures(deps.pool), publish: round, onPublishFailed, relay };
}
