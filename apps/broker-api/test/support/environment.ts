import {
  buildDeviceStateCacheKey,
  deviceStateCacheFields,
  type DeviceStateCacheDocument,
  type QueueContract,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry, type LogLevel } from '@homeport/observability';
import { createPostgresPool, createRedisClient, runMigrations } from '@homeport/storage';
import {
  createTestDatabase,
  createTestRedisPrefix,
  createUniqueName,
  deleteAmqpTopology,
  readTestServerUrls,
  type TestDatabase,
  type TestRedisPrefix,
} from '@homeport/testing';
import { join } from 'node:path';
import { schemaName, type Pool } from '../../src/adapters/postgres';
import { createRedisCurrentStates } from '../../src/adapters/cached-current-states';
import { createRedisBrokerBackend } from '../../src/adapters/redis-broker-backend';
import { startBrokerApi, type RunningBrokerApi } from '../../src/broker-api';
import { loadBrokerApiConfig, readBrokerApiQueues, type BrokerApiConfig } from '../../src/config';

/** The HTTP API's tokens and the MQTT service tokens every test instance accepts. */
export const apiToken = 'test-api-token-0123456789abcdef0123456789';
export const registryReadToken = 'test-registry-read-token-0123456789abcdef';
/** `service:fanout` may open partition sessions; `service:observer` may not. */
export const fanoutToken = 'test-fanout-token-0123456789abcdef012345';
export const observerToken = 'test-observer-token-0123456789abcdef0123';
const urls = readTestServerUrls();
const logLevel = (process.env.TEST_LOG_LEVEL ?? 'silent') as LogLevel;

/** One running broker-api of a test, with a typed HTTP helper. */
export interface TestInstance {
  readonly running: RunningBrokerApi;
  readonly config: BrokerApiConfig;
  readonly mqttUrl: string;
  /** Calls the HTTP API with the service token (or `token`), answering status and parsed body. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

/** Status and JSON body of an HTTP answer. */
export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** How a test instance differs from the default. */
export interface InstanceOptions {
  /** Changes the aedes persistence (Redis) before the broker starts, e.g. to hold its writes. */
  readonly adjustPersistence?: (persistence: AedesPersistence) => void;
  /** Wraps the suite's pool for this instance, e.g. to count its queries. */
  readonly wrapPool?: (pool: Pool) => Pool;
  /** Receives the instance's log lines (parsed, level info and up) instead of TEST_LOG_LEVEL's stdout. */
  readonly logLines?: Record<string, unknown>[];
  /** Where the instance reaches Redis, e.g. through a relay the test cuts (default: the test Redis). */
  readonly redisUrl?: string;
  /** Where the instance reaches RabbitMQ, e.g. through a relay the test cuts (default: the test RabbitMQ). */
  readonly amqpUrl?: string;
  /** How long the instance's publishes wait for RabbitMQ's confirm before they fail (default: the bus'). */
  readonly publishTimeoutMs?: number;
}

/** The part of aedes' persistence interface the tests touch. */
export interface AedesPersistence {
  outgoingEnqueueCombi(subscriptions: unknown[], packet: { readonly topic: string }): Promise<void>;
}

/** A suite's own database, Redis prefix and AMQP prefix, and the broker-api instances started on them. */
export interface TestEnvironment {
  readonly pool: Pool;
  readonly amqpPrefix: string;
  /** The suite's Redis key prefix, shared by its instances. */
  readonly redis: TestRedisPrefix;
  /** A bus of the test itself (to publish what other services would). */
  readonly bus: MessageBus;
  /**
   * Writes a device's cached current state as state-workers do (contracts' hash layout, under the prefix the
   * instances read: DEVICE_STATE_KEY_PREFIX); without `document`, a deleted device's tombstone.
   */
  writeCurrentState(
    address: { vendorId: string; deviceId: string },
    revision: number,
    document?: DeviceStateCacheDocument,
  ): Promise<void>;
  startInstance(env?: Record<string, string>, options?: InstanceOptions): Promise<TestInstance>;
  close(): Promise<void>;
}

/** Deletes the durable exchanges and queues broker-api declared under `prefix`. */
export function deleteBrokerApiTopology(prefix: string): Promise<void> {
  return deleteAmqpTopology(prefix, { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs });
}

function createBus(
  prefix: string,
  name: string,
  options: { url?: string; queues?: QueueContract[]; publishTimeoutMs?: number } = {},
): Promise<MessageBus> {
  return createAmqpMessageBus({
    url: options.url ?? urls.amqpUrl,
    connectionName: name,
    queues: options.queues ?? [],
    namePrefix: prefix,
    reconnectDelayMs: 100,
    ...(options.publishTimeoutMs !== undefined && { publishTimeoutMs: options.publishTimeoutMs }),
  });
}

/** Creates the suite's environment: call in beforeAll, `close()` in afterAll. */
export async function createTestEnvironment(purpose: string): Promise<TestEnvironment> {
  const database: TestDatabase = await createTestDatabase(purpose);
  await runMigrations({
    databaseUrl: database.url,
    migrationsDir: join(__dirname, '../../migrations'),
    schema: schemaName,
  });
  const redis: TestRedisPrefix = createTestRedisPrefix(purpose);
  const amqpPrefix = `${createUniqueName(purpose)}.`;
  const pool = createPostgresPool({ url: database.url, max: 20 });
  const bus = await createBus(amqpPrefix, `${amqpPrefix}test`);
  const instances = new Set<TestInstance>();
  // state-workers' cache, under a prefix of its own within the suite's (deleted with it).
  const deviceStateKeyPrefix = `${redis.keyPrefix}device-state:`;
  const stateCache = createRedisClient({ url: urls.redisUrl, keyPrefix: deviceStateKeyPrefix });

  const startInstance = async (
    env: Record<string, string> = {},
    options: InstanceOptions = {},
  ): Promise<TestInstance> => {
    const config = loadBrokerApiConfig({
      DATABASE_URL: database.url,
      REDIS_URL: options.redisUrl ?? urls.redisUrl,
      AMQP_URL: urls.amqpUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      MQTT_TLS_PORT: '0',
      BROKER_API_TOKEN: apiToken,
      BROKER_API_REGISTRY_READ_TOKEN: registryReadToken,
      DEVICE_SECRET_PEPPER: 'test-pepper-0123456789abcdef0123456789ab',
      MQTT_SERVICE_TOKENS: `fanout=${fanoutToken},observer=${observerToken}`,
      MQTT_PARTITIONED_SERVICES: 'fanout',
      MQTT_REVOCATION_SWEEP_MS: '500',
      REDIS_KEY_PREFIX: redis.keyPrefix,
      DEVICE_STATE_KEY_PREFIX: deviceStateKeyPrefix,
      AMQP_NAME_PREFIX: amqpPrefix,
      LOG_LEVEL: logLevel,
      // Most suites read device messages as fan-out does; direct-ingest.test.ts sets `direct`.
      INGEST_MODE: 'mqtt-subscriber',
      // A lost connection announced offline at once; presence.test.ts starts an instance with a grace.
      DEVICE_OFFLINE_GRACE_MS: '0',
      ...env,
    });
    const logLines = options.logLines;
    const logger =
      logLines === undefined
        ? createLogger({ service: 'broker-api', level: config.LOG_LEVEL })
        : createLogger({
            service: 'broker-api',
            level: 'info',
            destination: {
              write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>),
            },
          });
    const instanceBus = await createBus(amqpPrefix, `${amqpPrefix}instance`, {
      ...(options.amqpUrl !== undefined && { url: options.amqpUrl }),
      ...(options.publishTimeoutMs !== undefined && { publishTimeoutMs: options.publishTimeoutMs }),
      queues: readBrokerApiQueues(config),
    });
    const backend = createRedisBrokerBackend({
      url: options.redisUrl ?? urls.redisUrl,
      keyPrefix: redis.keyPrefix,
      onError: () => undefined,
    });
    options.adjustPersistence?.(backend.persistence as AedesPersistence);
    const metrics = createMetricsRegistry({ service: 'broker-api', collectDefaults: false });
    const instancePool = options.wrapPool?.(pool) ?? pool;
    const instanceStateCache = createRedisClient({
      url: options.redisUrl ?? urls.redisUrl,
      keyPrefix: config.DEVICE_STATE_KEY_PREFIX,
      onError: () => undefined,
    });
    const running = await startBrokerApi(config, {
      logger,
      metrics,
      pool: instancePool,
      bus: instanceBus,
      backend,
      currentStates: createRedisCurrentStates(instanceStateCache),
    });
    const instance: TestInstance = {
      running,
      config,
      mqttUrl: `mqtt://127.0.0.1:${running.mqtt.tcpPort}`,
      api: async (method, path, body, token = apiToken) => {
        const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const response = await fetch(`${running.http.url}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        // The caller names the body type it expects; the tests check the values.
        return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as never };
      },
      async close() {
        if (!instances.delete(instance)) return;
        await running.close();
        await instanceBus.close();
        instanceStateCache.disconnect();
      },
    };
    instances.add(instance);
    return instance;
  };

  return {
    pool,
    amqpPrefix,
    redis,
    bus,
    async writeCurrentState({ vendorId, deviceId }, revision, document) {
      const key = buildDeviceStateCacheKey(vendorId, deviceId);
      await stateCache.del(key);
      await stateCache.hset(key, deviceStateCacheFields.revision, String(revision));
      if (document !== undefined) {
        await stateCache.hset(key, deviceStateCacheFields.document, JSON.stringify(document));
      }
    },
    startInstance,
    async close() {
      for (const instance of [...instances]) await instance.close();
      stateCache.disconnect();
      await bus.close();
      await pool.end();
      await Promise.all([database.drop(), redis.deleteKeys(), deleteBrokerApiTopology(amqpPrefix)]);
    },
  };
}
