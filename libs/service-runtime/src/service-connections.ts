import { createAmqpMessageBus, type AmqpMessageBusOptions, type MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import { createPostgresPool, type PostgresPoolOptions } from '@homeport/storage';

/**
 * A service's PostgreSQL pool: an idle connection that fails (the server restarted) is logged as a warning;
 * the pool opens a new one on the next query.
 */
export function createServicePostgresPool(
  logger: Pick<Logger, 'warn'>,
  options: Omit<PostgresPoolOptions, 'onIdleError'>,
): ReturnType<typeof createPostgresPool> {
  return createPostgresPool({
    ...options,
    onIdleError: (error) => {
      logger.warn({ err: error }, 'idle PostgreSQL connection failed');
    },
  });
}

/** A service's RabbitMQ message bus: a connection problem is logged as a warning while the bus reconnects. */
export function createServiceMessageBus(
  logger: Pick<Logger, 'warn'>,
  options: Omit<AmqpMessageBusOptions, 'onError'>,
): Promise<MessageBus> {
  return createAmqpMessageBus({
    ...options,
    onError: (error) => {
      logger.warn({ err: error }, 'RabbitMQ connection problem; reconnecting');
    },
  });
}
