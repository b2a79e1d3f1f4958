import type { AmqpMessageBusOptions } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import { checkPostgres } from '@homeport/storage';
import { hostname } from 'node:os';
import { createServiceMessageBus, createServicePostgresPool } from './service-connections';
import type { WorkerRuntime } from './worker-runtime';

/** The connection settings every worker service reads (libs/config's `serverConnectionSettings`). */
export interface ServerSettings {
  readonly DATABASE_URL: string;
  readonly POSTGRES_POOL_SIZE: number;
  readonly RUN_MIGRATIONS: boolean;
  readonly AMQP_URL: string;
  readonly AMQP_NAME_PREFIX: string;
}

/**
 * Starts a service on the real servers: its migrations (when RUN_MIGRATIONS), a PostgreSQL pool and a
 * RabbitMQ bus declaring `queues`, then `start` on them (readiness checks `rabbitmq` and `postgres`). Closing
 * what it resolves closes the service, then the bus, then the pool; a failed start closes what was opened.
 */
export async function startOnServers<Running extends { close(): Promise<void> }>(options: {
  readonly service: string;
  readonly settings: ServerSettings;
  readonly logger: Logger;
  readonly queues: AmqpMessageBusOptions['queues'];
  readonly retryDelaysMs: readonly number[];
  readonly migrate: (databaseUrl: string) => Promise<string[]>;
  readonly start: (runtime: WorkerRuntime) => Promise<Running>;
}): Promise<Running> {
  const { settings, logger } = options;
  if (settings.RUN_MIGRATIONS) {
    const applied = await options.migrate(settings.DATABASE_URL);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  const pool = createServicePostgresPool(logger, {
    url: settings.DATABASE_URL,
    max: settings.POSTGRES_POOL_SIZE,
    applicationName: options.service,
  });
  try {
    const bus = await createServiceMessageBus(logger, {
      url: settings.AMQP_URL,
      connectionName: `${options.service}@${hostname()}/${process.pid}`,
      queues: options.queues,
      namePrefix: settings.AMQP_NAME_PREFIX,
      retryDelaysMs: options.retryDelaysMs,
    });
    const readinessChecks = { rabbitmq: () => bus.checkReady(), postgres: () => checkPostgres(pool) };
    const running = await options.start({ bus, pool, readinessChecks }).catch(async (error: unknown) => {
      await bus.close();
      throw error;
    });
    return {
      ...running,
      async close() {
        await running.close();
        await bus.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
