import { createLogger, createMetricsRegistry } from '@homeport/observability';
import {
  createServiceMessageBus,
  createServicePostgresPool,
  runService,
  stopOnSignals,
} from '@homeport/service-runtime';
import { readInfluxConnection } from '@homeport/config';
import { createRedisClient } from '@homeport/storage';
import { createInfluxDeviceHistory } from './adapters/influx-device-history';
import { loadPublicApiConfig } from './config';
import { migratePublicApi } from './migrations';
import { publicApiPublishedQueues, startPublicApi } from './public-api';

const service = 'public-api';

/** Composition root: config -> logger -> migrations -> connections -> HTTP; shutdown in reverse order. */
async function main(): Promise<void> {
  const config = loadPublicApiConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry({ service });
  if (config.RUN_MIGRATIONS) {
    const applied = await migratePublicApi({ databaseUrl: config.DATABASE_URL });
    logger.info({ applied }, 'migrations applied');
  }
  const pool = createServicePostgresPool(logger, { url: config.DATABASE_URL, applicationName: service });
  const bus = await createServiceMessageBus(logger, {
    url: config.AMQP_URL,
    connectionName: service,
    // Declared by their publisher, so what public-api asks of the notifications service waits for it.
    queues: publicApiPublishedQueues,
    namePrefix: config.AMQP_NAME_PREFIX,
  });
  // The rate-limit counters, shared by every replica.
  const redis = createRedisClient({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    onError: (error) => {
      logger.warn({ err: error }, 'Redis connection problem');
    },
  });
  const deviceHistory = createInfluxDeviceHistory(readInfluxConnection(config));
  const running = await startPublicApi(config, { logger, metrics, pool, bus, redis, deviceHistory });
  logger.info({ http: running.http.url }, 'public-api started');

  stopOnSignals(logger, [
    () => pool.end(),
    () => bus.close(),
    () => {
      redis.disconnect();
    },
    () => running.close(),
  ]);
}

runService(service, main);
