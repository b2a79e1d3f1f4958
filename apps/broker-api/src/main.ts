import { brokerApiReportedStateQueue } from '@homeport/contracts';
import { createAmqpMessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createPostgresPool } from '@homeport/storage';
import { createRedisBrokerBackend } from './adapters/redis-broker-backend';
import { startBrokerApi } from './broker-api';
import { loadBrokerApiConfig } from './config';
import { migrateBrokerApi } from './migrations';

const service = 'broker-api';

async function main(): Promise<void> {
  const config = loadBrokerApiConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry({ service });
  if (config.RUN_MIGRATIONS) {
    const applied = await migrateBrokerApi({ databaseUrl: config.DATABASE_URL });
    logger.info({ applied }, 'migrations applied');
  }
  const pool = createPostgresPool({
    url: config.DATABASE_URL,
    applicationName: service,
    onIdleError: (error) => {
      logger.warn({ err: error }, 'idle PostgreSQL connection failed');
    },
  });
  const bus = await createAmqpMessageBus({
    url: config.AMQP_URL,
    connectionName: service,
    queues: [brokerApiReportedStateQueue],
    namePrefix: config.AMQP_NAME_PREFIX,
    onError: (error) => {
      logger.warn({ err: error }, 'RabbitMQ connection problem');
    },
  });
  const backend = createRedisBrokerBackend({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    onError: (error) => {
      logger.warn({ err: error }, 'Redis connection problem');
    },
    onSubscriptionsRestored: (clientId, filters) => {
      logger.warn({ clientId, filters }, "Redis had lost a service's session; stored again from memory");
    },
  });
  const running = await startBrokerApi(config, { logger, metrics, pool, bus, backend });
  logger.info({ http: running.http.url, mqtt: running.mqtt }, 'broker-api started');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      await running.close();
      await bus.close();
      await pool.end();
      logger.info('stopped');
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): write the error as one JSON line.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: String(error) })}\n`);
  process.exit(1);
});
