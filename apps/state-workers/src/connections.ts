import { hostname } from 'node:os';
import { readInfluxConnection, readRetryDelaysMs } from '@homeport/config';
import { stateWorkersQueue } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import { createServiceMessageBus, createServicePostgresPool } from '@homeport/service-runtime';
import {
  createInfluxReader,
  createRedisClient,
  type InfluxConnectionOptions,
  type InfluxReader,
  type RedisClient,
} from '@homeport/storage';
import { type StateWorkersConfig } from './config';
import { migrateStateWorkers } from './migrations';

/** The connections of one state-workers process, closed together in reverse order. */
export interface StateWorkersConnections {
  readonly pool: ReturnType<typeof createServicePostgresPool>;
  readonly redis: RedisClient;
  readonly bus: MessageBus;
  readonly influx: InfluxReader;
  readonly influxOptions: InfluxConnectionOptions;
  close(): Promise<void>;
}

/**
 * Migrates the service's schema (when RUN_MIGRATIONS), then opens PostgreSQL, Redis and RabbitMQ (the bus
 * declares the ingest queue's topology). What opened is closed again when a later step fails.
 */
export async function openConnections(
  config: StateWorkersConfig,
  logger: Logger,
): Promise<StateWorkersConnections> {
  if (config.RUN_MIGRATIONS) {
    const applied = await migrateStateWorkers({ databaseUrl: config.DATABASE_URL });
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  const pool = createServicePostgresPool(logger, {
    url: config.DATABASE_URL,
    max: config.POSTGRES_POOL_SIZE,
    applicationName: 'state-workers',
  });
  const redis = createRedisClient({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    onError: (error) => {
      logger.warn({ err: error }, 'Redis connection error');
    },
  });
  let bus: MessageBus;
  try {
    bus = await createServiceMessageBus(logger, {
      url: config.AMQP_URL,
      connectionName: `state-workers@${hostname()}/${process.pid}`,
      queues: [stateWorkersQueue],
      namePrefix: config.AMQP_NAME_PREFIX,
      retryDelaysMs: readRetryDelaysMs(config),
    });
  } catch (error) {
    redis.disconnect();
    await pool.end();
    throw error;
  }
  const influxOptions = readInfluxConnection(config);
  return {
    pool,
    redis,
    bus,
    influx: createInfluxReader(influxOptions),
    influxOptions,
    async close() {
      await bus.close();
      redis.disconnect();
      await pool.end();
    },
  };
}
