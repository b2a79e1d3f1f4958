import path from 'node:path';
import {
  deviceEventV1,
  deviceReportedV1,
  deviceStateChangedV1,
  deviceTelemetryV1,
  alertsDeviceEventsQueue,
  notificationRecipientsQueue,
  notificationRequestsQueue,
  webhookDeliveriesQueue,
  geofencingLocationFixesQueue,
  geofencingUserDeletionsQueue,
  accountEmailsQueue,
  stateWorkersQueue,
  type QueueContract,
} from '@homeport/contracts';
import {
  createCachedCurrentStates,
  createInMemoryBrokerBackend,
  createRedisBrokerBackend,
  createRedisCurrentStates,
  type BrokerBackend,
  type CurrentStateSource,
} from '@homeport/broker-api';
import {
  createAmqpMessageBus,
  createInProcessBroker,
  createInProcessMessageBus,
  type MessageBus,
} from '@homeport/messaging';
import { readInfluxAuth } from '@homeport/config';
import {
  createInfluxDeviceHistory,
  createPostgresDeviceHistory,
  type DeviceHistoryReader,
} from '@homeport/public-api';
import type { Logger } from '@homeport/observability';
import type { WorkerRuntime } from '@homeport/service-runtime';
import {
  checkPostgres,
  checkRedis,
  createInfluxReader,
  createPostgresPool,
  createRedisClient,
  openEmbeddedPostgres,
  type RedisClient,
  type SqlPool,
} from '@homeport/storage';
import {
  createInfluxTimeSeriesRollups,
  createInfluxTimeSeriesSink,
  createInMemoryDeviceStateCache,
  createPostgresDeviceStateStore,
  createPostgresTimeSeriesRollups,
  createPostgresTimeSeriesSink,
  createRedisDeviceStateCache,
  type PostgresDeviceStateStoreOptions,
  type StateWorkersRuntime,
} from '@homeport/state-workers';
import type { EmbeddedConfig } from './config';

/** What the services of the embedded process run on: embedded parts, or servers where configured. */
export interface EmbeddedRuntime {
  /** Which part stands for each server, for the start banner. */
  readonly parts: Readonly<Record<'database' | 'queue' | 'cache' | 'timeSeries', string>>;
  /** The database every service's SQL runs on (its own schema each). */
  readonly pool: SqlPool;
  readonly brokerBackend: BrokerBackend;
  /** broker-api's reading side of the state cache state-workers write (shadows' reported state). */
  readonly currentStates: CurrentStateSource;
  /** Where public-api reads device history: the time-series store state-workers writes (InfluxDB or SQL). */
  readonly deviceHistory: DeviceHistoryReader;
  /** public-api's rate-limit counters (its own key prefix) with REDIS_URL; without it, public-api's memory. */
  readonly publicApiRedis: RedisClient | undefined;
  /** A bus of one service, declaring its queues (each service has its own, as it would in its process). */
  createBus(
    service: string,
    options: { readonly queues: readonly QueueContract[]; readonly retryDelaysMs?: readonly number[] },
  ): Promise<MessageBus>;
  /** What a worker service (alerts, analytics, geofencing, notifications) runs on: its bus and the database. */
  workerRuntime(
    service: string,
    options: { readonly queues: readonly QueueContract[]; readonly retryDelaysMs: readonly number[] },
  ): Promise<WorkerRuntime>;
  /** state-workers' adapters on this runtime, with their bus. */
  stateWorkersRuntime(bus: MessageBus, options: PostgresDeviceStateStoreOptions): StateWorkersRuntime;
  /** Waits (bounded) until the in-process queues hold nothing: they do not outlive the process. */
  drainQueues(queues: readonly QueueContract[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

function openDatabase(config: EmbeddedConfig, logger: Logger) {
  if (config.DATABASE_URL !== undefined) {
    const pool = createPostgresPool({ url: config.DATABASE_URL, applicationName: 'homeport-embedded' });
    return { pool, label: 'PostgreSQL server (DATABASE_URL)' };
  }
  const dataDir = path.join(config.DATA_DIR, 'postgres');
  const maintenance = {
    onError: (error: unknown) => {
      logger.warn(
        { err: error },
        'embedded database maintenance (vacuum, checkpoint) failed; tried again later',
      );
    },
  };
  return openEmbeddedPostgres({ dataDir, maintenance }).then((pool) => ({
    pool,
    label: `PGlite in ${dataDir}`,
  }));
}

/** state-workers' cache of current states (Redis with REDIS_URL, else this process' memory), with its reader. */
function openStateCache(redis: RedisClient | undefined) {
  if (redis !== undefined) {
    return { stateCache: createRedisDeviceStateCache(redis), currentStates: createRedisCurrentStates(redis) };
  }
  const stateCache = createInMemoryDeviceStateCache();
  const currentStates = createCachedCurrentStates(({ vendorId, deviceId }) =>
    Promise.resolve(stateCache.read(vendorId, deviceId)),
  );
  return { stateCache, currentStates };
}

/** Opens the database, the queue, the cache and the time-series store the configuration asks for. */
export async function openEmbeddedRuntime(config: EmbeddedConfig, logger: Logger): Promise<EmbeddedRuntime> {
  const onError = (what: string) => (error: unknown) => {
    logger.warn({ err: error }, `${what} connection problem`);
  };
  const database = await openDatabase(config, logger);
  const { pool } = database;
  const redis =
    config.REDIS_URL === undefined
      ? undefined
      : createRedisClient({ url: config.REDIS_URL, keyPrefix: '', onError: onError('Redis') });
  const publicApiRedis =
    config.REDIS_URL === undefined
      ? undefined
      : createRedisClient({
          url: config.REDIS_URL,
          keyPrefix: 'homeport:public-api:',
          onError: onError('Redis (public-api)'),
        });
  const amqpUrl = config.AMQP_URL;
  // One broker for every service's bus, as one RabbitMQ would be (used only without AMQP_URL). Nothing in
  // it survives a crash, so what reaches the ingest queue is confirmed (and so PUBACKed to the device) only
  // once state-workers stored it; an email request or a contact (or a webhook delivery) only once
  // notifications wrote it to its outbox or recipients table; a state change or device event only once alerts
  // evaluated it; a batch of location fixes only once geofencing evaluated it, and an account deletion once
  // geofencing forgot the person.
  const handledQueues = [
    accountEmailsQueue,
    notificationRecipientsQueue,
    notificationRequestsQueue,
    webhookDeliveriesQueue,
    geofencingLocationFixesQueue,
    geofencingUserDeletionsQueue,
  ];
  const inProcessBroker = createInProcessBroker({
    confirmAfterHandling: {
      queues: [
        stateWorkersQueue.name,
        alertsDeviceEventsQueue.name,
        ...handledQueues.map((queue) => queue.name),
      ],
      types: [
        ...[deviceReportedV1, deviceTelemetryV1, deviceEventV1, deviceStateChangedV1].map(
          (message) => message.type,
        ),
        ...handledQueues.flatMap((queue) => queue.messages.map((message) => message.type)),
      ],
    },
  });
  const influxAuth = readInfluxAuth(config);
  const influx =
    config.INFLUX_URL === undefined
      ? undefined
      : { url: config.INFLUX_URL, database: config.INFLUX_DATABASE, ...(influxAuth && { auth: influxAuth }) };
  const { stateCache, currentStates } = openStateCache(redis);
  const buses: MessageBus[] = [];
  const createBus: EmbeddedRuntime['createBus'] = async (service, options) => {
    const bus =
      amqpUrl === undefined
        ? await createInProcessMessageBus({ broker: inProcessBroker, ...options })
        : await createAmqpMessageBus({
            url: amqpUrl,
            connectionName: `embedded/${service}`,
            ...options,
            onError: onError('RabbitMQ'),
          });
    buses.push(bus);
    return bus;
  };
  // Every service's /ready on this runtime checks its bus and the shared database.
  const busAndDatabaseChecks = (bus: MessageBus) => ({
    queue: () => bus.checkReady(),
    database: () => checkPostgres(pool),
  });

  return {
    parts: {
      database: database.label,
      queue: amqpUrl === undefined ? 'in-process queue' : 'RabbitMQ (AMQP_URL)',
      cache: redis === undefined ? 'in-memory cache' : 'Redis (REDIS_URL)',
      timeSeries: influx === undefined ? 'SQL time series in the database' : 'InfluxDB (INFLUX_URL)',
    },
    pool,
    brokerBackend:
      config.REDIS_URL === undefined
        ? createInMemoryBrokerBackend()
        : createRedisBrokerBackend({
            url: config.REDIS_URL,
            keyPrefix: 'homeport:broker:',
            onError: onError('Redis (broker)'),
          }),
    currentStates,
    deviceHistory:
      influx === undefined ? createPostgresDeviceHistory(pool) : createInfluxDeviceHistory(influx),
    publicApiRedis,
    createBus,
    async workerRuntime(service, options) {
      const bus = await createBus(service, options);
      return {
        bus,
        pool,
        readinessChecks: busAndDatabaseChecks(bus),
      };
    },
    stateWorkersRuntime(bus, options) {
      const readinessChecks = {
        ...busAndDatabaseChecks(bus),
        ...(redis && { redis: () => checkRedis(redis) }),
        ...(influx && { influxdb: () => createInfluxReader(influx).ping() }),
      };
      return {
        bus,
        stateStore: createPostgresDeviceStateStore(pool, options),
        stateCache,
        timeSeriesSink:
          influx === undefined ? createPostgresTimeSeriesSink(pool) : createInfluxTimeSeriesSink(influx),
        timeSeriesRollups:
          influx === undefined
            ? createPostgresTimeSeriesRollups(pool)
            : createInfluxTimeSeriesRollups(influx),
        readinessChecks,
      };
    },
    async drainQueues(queues, timeoutMs) {
      if (amqpUrl !== undefined) return; // RabbitMQ keeps them
      const deadline = Date.now() + timeoutMs;
      const waiting = () => queues.reduce((sum, queue) => sum + inProcessBroker.countMessages(queue.name), 0);
      while (waiting() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (waiting() > 0) logger.warn({ messages: waiting() }, 'stopping with messages still queued');
    },
    async close() {
      await Promise.all(buses.map((bus) => bus.close()));
      inProcessBroker.close();
      redis?.disconnect();
      publicApiRedis?.disconnect();
      await pool.end();
    },
  };
}
