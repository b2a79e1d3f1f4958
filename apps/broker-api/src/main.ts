import { createLogger, createMetricsRegistry } from '@homeport/observability';
import {
  createServiceMessageBus,
  createServicePostgresPool,
  runService,
  stopOnSignals,
} from '@homeport/service-runtime';
import { retiredQueues } from '@homeport/contracts';
import { createRedisClient } from '@homeport/storage';
import { createRedisCurrentStates } from './adapters/cached-current-states';
import { createRedisBrokerBackend } from './adapters/redis-broker-backend';
import { startBrokerApi } from './broker-api';
import { loadBrokerApiConfig, readBrokerApiQueues } from './config';
import { migrateBrokerApi } from './migrations';

const service = 'broker-api';

/** Composition root: config -> logger -> migrations -> connections -> MQTT + HTTP; shutdown in reverse. */
async function main(): Promise<void> {
  const config = loadBrokerApiConfig(process.env);
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const metrics = createMetricsRegistry({ service });
  if (config.RUN_MIGRATIONS) {
    const applied = await migrateBrokerApi({ databaseUrl: config.DATABASE_URL });
    logger.info({ applied }, 'migrations applied');
  }
  const pool = createServicePostgresPool(logger, { url: config.DATABASE_URL, applicationName: service });
  const bus = await createServiceMessageBus(logger, {
    url: config.AMQP_URL,
    connectionName: service,
    queues: readBrokerApiQueues(config),
    retiredQueues: retiredQueues.filter((queue) => queue.deletedBy === service),
    namePrefix: config.AMQP_NAME_PREFIX,
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
  // state-workers' cached current state, under their key prefix.
  const stateCache = createRedisClient({
    url: config.REDIS_URL,
    keyPrefix: config.DEVICE_STATE_KEY_PREFIX,
    onError: (error) => {
      logger.warn({ err: error }, 'Redis connection problem (current state)');
    },
  });
  const currentStates = createRedisCurrentStates(stateCache);
  // The broker-api closes the Redis backend it was given.
  const running = await startBrokerApi(config, { logger, metrics, pool, bus, backend, currentStates });
  logger.info({ http: running.http.url, mqtt: running.mqtt }, 'broker-api started');
  stopOnSignals(logger, [
    () => pool.end(),
    () => bus.close(),
    async () => {
      await stateCache.quit();
    },
    () => running.close(),
  ]);
}

runService(service, main);
