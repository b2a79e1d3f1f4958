import { readRetryDelaysMs } from '@homeport/config';
import { serveWorker, type ReadinessCheck } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import { createMetricsRegistry, type Logger, type Registry } from '@homeport/observability';
import { checkPostgres, checkRedis } from '@homeport/storage';
import { createBatchingTimeSeriesWriter, type TimeSeriesSink } from './adapters/batching-time-series-writer';
import { createBusEventPublisher } from './adapters/bus-event-publisher';
import { createInfluxTimeSeriesRollups } from './adapters/influx-time-series-rollups';
import { createInfluxTimeSeriesSink } from './adapters/influx-time-series-sink';
import { createPostgresDeviceStateStore } from './adapters/pg-device-state-store';
import { createRedisDeviceStateCache } from './adapters/redis-device-state-cache';
import { createRedisSharedRows } from './adapters/redis-shared-rows';
import { createRedisRollupRounds } from './adapters/redis-rollup-rounds';
import { createRedisWrittenTimes } from './adapters/redis-written-times';
import { readRetentionRules, type StateWorkersConfig, type StateWorkersServiceSettings } from './config';
import { openConnections } from './connections';
import type { DeviceStateCache, DeviceStateStore, TimeSeriesRollups } from './domain/ports';
import { createWrittenTimes, type WrittenTimes } from './domain/recent-rollups';
import { createRollupRounds, type RollupRounds } from './domain/rollup-rounds';
import { rollupLookbackMs, rollupRoundLeaseMs } from './entry-points/time-series-maintenance';
import { countTimeSeriesBatch, createStateWorkersMetrics } from './metrics';
import { createStateWorkers } from './state-workers';

/** A running state-workers process. */
export interface RunningStateWorkers {
  /** Base URL of /health, /ready and /metrics. */
  readonly url: string;
  readonly metrics: Registry;
  /** Stops the HTTP server, then consuming (waiting for messages in flight), then the connections. */
  close(): Promise<void>;
}

/** What state-workers run on: the servers' adapters (startStateWorkers) or the embedded host's. */
export interface StateWorkersRuntime {
  readonly bus: MessageBus;
  readonly stateStore: DeviceStateStore;
  readonly stateCache: DeviceStateCache;
  /** Where batches of time-series points go (InfluxDB, or the SQL store). */
  readonly timeSeriesSink: TimeSeriesSink;
  /** The rollups and retention of that store. */
  readonly timeSeriesRollups: TimeSeriesRollups;
  /** Where the times of late points are noted for the rollups, shared by replicas; default: in memory. */
  readonly writtenTimes?: WrittenTimes;
  /** The lease on the rollup round and the last round's cuts, shared by replicas; default: in memory. */
  readonly rollupRounds?: RollupRounds;
  /** Checked by GET /ready, one per dependency. */
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

/**
 * Starts state-workers on the real servers: connections, adapters, then the service (startStateWorkersOn),
 * with /ready checking RabbitMQ, PostgreSQL, Redis and InfluxDB. Closing it closes the connections too.
 */
export async function startStateWorkers(
  config: StateWorkersConfig,
  deps: { readonly logger: Logger },
): Promise<RunningStateWorkers> {
  const connections = await openConnections(config, deps.logger);
  const { pool, redis, bus, influx } = connections;
  try {
    const running = await startStateWorkersOn(config, {
      logger: deps.logger,
      runtime: {
        bus,
        stateStore: createPostgresDeviceStateStore(pool, {
          mergeSpacingMs: config.STATE_MERGE_SPACING_MS,
          mergedRowsKept: config.STATE_MERGE_ROWS_KEPT,
          sharedRows: createRedisSharedRows(redis),
        }),
        stateCache: createRedisDeviceStateCache(redis),
        timeSeriesSink: createInfluxTimeSeriesSink(connections.influxOptions),
        timeSeriesRollups: createInfluxTimeSeriesRollups(connections.influxOptions),
        writtenTimes: createRedisWrittenTimes(redis, rollupLookbackMs),
        rollupRounds: createRedisRollupRounds(redis, rollupRoundLeaseMs),
        readinessChecks: {
          rabbitmq: () => bus.checkReady(),
          postgres: () => checkPostgres(pool),
          redis: () => checkRedis(redis),
          influxdb: () => influx.ping(),
        },
      },
    });
    return {
      ...running,
      async close() {
        await running.close();
        await connections.close();
      },
    };
  } catch (error) {
    await connections.close();
    throw error;
  }
}

// One time-series write in flight: what piles up meanwhile goes next, as one request (InfluxDB pays about
// 500 µs of CPU per request and 9 µs per point; tools/bench/README.md, "Fewer store requests").
const timeSeriesWritesInFlight = 1;

/**
 * Starts the service on a given runtime: the batching time-series writer, the domain, the consumer, then
 * the HTTP server (GET /health, /ready, /metrics). Closing it leaves the runtime's connections open.
 */
export async function startStateWorkersOn(
  settings: StateWorkersServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: StateWorkersRuntime },
): Promise<RunningStateWorkers> {
  const { logger, runtime } = deps;
  const registry = createMetricsRegistry({ service: 'state-workers' });
  const metrics = createStateWorkersMetrics(registry);
  // Noted once per batch by the writer; the maintenance rolls up again the buckets of late points.
  const written = runtime.writtenTimes ?? createWrittenTimes(rollupLookbackMs);
  const timeSeries = createBatchingTimeSeriesWriter({
    sink: runtime.timeSeriesSink,
    written,
    maxBatchPoints: settings.INFLUX_BATCH_POINTS,
    maxDelayMs: settings.INFLUX_BATCH_DELAY_MS,
    maxWritesInFlight: timeSeriesWritesInFlight,
    minSpacingMs: settings.INFLUX_WRITE_SPACING_MS,
    spacingGrowth: {
      fromItemsPerSecond: settings.INFLUX_WRITE_SPACING_GROWS_FROM_POINTS_PER_S,
      maxSpacingMs: settings.INFLUX_WRITE_MAX_SPACING_MS,
    },
    onBatch: (report) => {
      countTimeSeriesBatch(metrics, report);
    },
  });
  const workers = createStateWorkers({
    adapters: {
      bus: runtime.bus,
      stateStore: runtime.stateStore,
      stateCache: runtime.stateCache,
      timeSeries,
      timeSeriesRollups: runtime.timeSeriesRollups,
      events: createBusEventPublisher(runtime.bus),
    },
    written,
    rollupRounds: runtime.rollupRounds ?? createRollupRounds(rollupRoundLeaseMs),
    settings: {
      prefetch: settings.PREFETCH,
      retryDelaysMs: readRetryDelaysMs(settings),
      maxMessageBytes: settings.MAX_MESSAGE_BYTES,
      stateChangeRetentionMs: settings.STATE_CHANGE_RETENTION_MS,
      stateCacheCheckMs: settings.STATE_CACHE_CHECK_MS,
      retentionRules: readRetentionRules(settings),
      retentionIntervalMs: settings.TIME_SERIES_RETENTION_INTERVAL_MS,
    },
    metrics,
    logger,
  });
  const served = await serveWorker({
    service: 'state-workers',
    logger,
    metrics: registry,
    readinessChecks: runtime.readinessChecks,
    host: settings.HTTP_HOST,
    port: settings.HTTP_PORT,
    work: {
      start: () => workers.start(),
      async stop() {
        await workers.stop();
        await timeSeries.close();
      },
    },
  });
  return { url: served.url, metrics: registry, close: () => served.close() };
}
