import {
  defineQueue,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  type QueueContract,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { createLogger } from '@homeport/observability';
import {
  createTestDatabase,
  createTestInfluxDatabase,
  createTestRedisPrefix,
  createUniqueName,
  deleteAmqpTopology,
  readTestServerUrls,
  testTimeSeriesRetention,
  type TestDatabase,
  type TestInfluxDatabase,
  type TestRedisPrefix,
} from '@homeport/testing';
import { loadStateWorkersConfig } from '../src/config';
import { startStateWorkers, type RunningStateWorkers } from '../src/start-state-workers';

/** Retry delays of every test bus and worker (short, and the same everywhere: they name queues). */
export const testRetryDelaysMs = [100, 300];

/** A queue of the tests' own on homeport.events, to see what state-workers publish. */
export const testEventsQueue = defineQueue({
  name: 'test.state-workers-events',
  messages: [deviceStateChangedV1, deviceTelemetryRecordedV1],
  description: 'Events published by state-workers, as a downstream service would bind them.',
});

/** The servers of one suite: its own database, Redis prefix, InfluxDB database and AMQP prefix. */
export interface SuiteServers {
  readonly database: TestDatabase;
  readonly redis: TestRedisPrefix;
  readonly influx: TestInfluxDatabase;
  readonly amqpPrefix: string;
  /** The environment a state-workers process of this suite runs with. */
  readonly env: Record<string, string>;
  /** Drops everything the suite created. */
  drop(): Promise<void>;
}

/** Creates the suite's own databases and names. */
export async function createSuiteServers(purpose: string): Promise<SuiteServers> {
  const urls = readTestServerUrls();
  const [database, influx] = await Promise.all([
    createTestDatabase(purpose),
    createTestInfluxDatabase(purpose),
  ]);
  const redis = createTestRedisPrefix(purpose);
  const amqpPrefix = `${createUniqueName(purpose)}.`;
  const env = {
    AMQP_URL: urls.amqpUrl,
    DATABASE_URL: database.url,
    REDIS_URL: urls.redisUrl,
    REDIS_KEY_PREFIX: redis.keyPrefix,
    INFLUX_URL: influx.url,
    INFLUX_DATABASE: influx.database,
    AMQP_NAME_PREFIX: amqpPrefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    RETRY_DELAYS_MS: testRetryDelaysMs.join(','),
    ...testTimeSeriesRetention,
  };
  return {
    database,
    redis,
    influx,
    amqpPrefix,
    env,
    async drop() {
      await deleteAmqpTopology(amqpPrefix, {
        busRetryDelaysMs: testRetryDelaysMs,
        extraQueues: [testEventsQueue],
      });
      await Promise.all([database.drop(), influx.drop(), redis.deleteKeys()]);
    },
  };
}

/** Starts state-workers in this process with the suite's environment (plus overrides). */
export function startTestWorkers(
  servers: SuiteServers,
  overrides: Record<string, string> = {},
): Promise<RunningStateWorkers> {
  const config = loadStateWorkersConfig({ ...servers.env, ...overrides });
  return startStateWorkers(config, { logger: createLogger({ service: 'state-workers', level: 'silent' }) });
}

/** A bus of the tests (publishing device messages, reading events and dead letters) on the suite's names. */
export function createTestBus(servers: SuiteServers, queues: readonly QueueContract[]): Promise<MessageBus> {
  return createAmqpMessageBus({
    url: readTestServerUrls().amqpUrl,
    connectionName: `state-workers-test-${servers.amqpPrefix}`,
    queues,
    namePrefix: servers.amqpPrefix,
    retryDelaysMs: testRetryDelaysMs,
  });
}
