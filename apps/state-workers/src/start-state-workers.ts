import { buildHttpApp, startHttpServer } from '@homeport/http';
import { createMetricsRegistry, type Logger, type Registry } from '@homeport/observability';
import { checkPostgres, checkRedis } from '@homeport/storage';
import { createBatchingTimeSeriesWriter } from './adapters/batching-time-series-writer';
import { createBusEventPublisher } from './adapters/bus-event-publisher';
import { createInfluxTimeSeriesSink } from './adapters/influx-time-series-sink';
import { createPostgresDeviceStateStore } from './adapters/pg-device-state-store';
import { createRedisDeviceStateCache } from './adapters/redis-device-state-cache';
import { readRetryDelaysMs, type StateWorkersConfig } from './config';
import { openConnections } from './connections';
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

/**
 * Starts state-workers on the real servers: connections, adapters, domain, consumer, then the HTTP
 * server (GET /health, /ready checking RabbitMQ, PostgreSQL, Redis and InfluxDB, /metrics).
 */
export async function startStateWorkers(
  config: StateWorkersConfig,
  deps: { readonly logger: Logger },
): Promise<RunningStateWorkers> {
  const { logger } = deps;
  const connections = await openConnections(config, logger);
  const { pool, redis, bus, influx } = connections;
  const registry = createMetricsRegistry({ service: 'state-workers' });
  const metrics = createStateWorkersMetrics(registry);
  const timeSeries = createBatchingTimeSeriesWriter({
    sink: createInfluxTimeSeriesSink(connections.influxOptions),
    maxBatchPoints: config.INFLUX_BATCH_POINTS,
    maxDelayMs: config.INFLUX_BATCH_DELAY_MS,
    onBatch: (report) => {
      countTimeSeriesBatch(metrics, report);
    },
  });
  const workers = createStateWorkers({
    adapters: {
      bus,
      stateStore: createPostgresDeviceStateStore(pool),
      stateCache: createRedisDeviceStateCache(redis),
      timeSeries,
      events: createBusEventPublisher(bus),
    },
    settings: {
      prefetch: config.PREFETCH,
      retryDelaysMs: readRetryDelaysMs(config),
      maxMessageBytes: config.MAX_MESSAGE_BYTES,
      stateChangeRetentionMs: config.STATE_CHANGE_RETENTION_MS,
    },
    metrics,
    logger,
  });
  try {
    const app = await buildHttpApp({
      service: 'state-workers',
      logger,
      metrics: registry,
      readinessChecks: {
        rabbitmq: () => bus.checkReady(),
        postgres: () => checkPostgres(pool),
        redis: () => checkRedis(redis),
        influxdb: () => influx.ping(),
      },
      openapi: { version: '1.0.0', description: 'Operations endpoints of state-workers.' },
    });
    await workers.start();
    const server = await startHttpServer(app, { host: config.HTTP_HOST, port: config.HTTP_PORT });
    return {
      url: server.url,
      metrics: registry,
      async close() {
        await server.close();
        await workers.stop();
        await timeSeries.close();
        await connections.close();
      },
    };
  } catch (error) {
    await workers.stop();
    await connections.close();
    throw error;
  }
}
