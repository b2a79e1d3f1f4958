import { accountEmailsQueue } from '@homeport/contracts';
import { createAmqpMessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createPostgresPool } from '@homeport/storage';
import { loadPublicApiConfig } from './config';
import { migratePublicApi } from './migrations';
import { startPublicApi } from './public-api';

const service = 'public-api';

async function main(): Promise<void> {
  const config = loadPublicApiConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry({ service });
  if (config.RUN_MIGRATIONS) {
    const applied = await migratePublicApi({ databaseUrl: config.DATABASE_URL });
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
    // Declared by its publisher, so the email requests wait for the notifications service.
    queues: [accountEmailsQueue],
    namePrefix: config.AMQP_NAME_PREFIX,
    onError: (error) => {
      logger.warn({ err: error }, 'RabbitMQ connection problem');
    },
  });
  const running = await startPublicApi(config, { logger, metrics, pool, bus });
  logger.info({ http: running.http.url }, 'public-api started');

  const close = async () => {
    await running.close();
    await bus.close();
    await pool.end();
  };
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): write the error as one JSON line.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: String(error) })}\n`);
  process.exit(1);
});
