import { readRetryDelaysMs } from '@homeport/config';
import { analyticsEventsQueue } from '@homeport/contracts';
import { serveWorker, type ReadinessCheck } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import { createMetricsRegistry, type Logger, type Registry } from '@homeport/observability';
import { startOnServers } from '@homeport/service-runtime';
import type { SqlPool } from '@homeport/storage';
import { createPostgresFacts } from './adapters/pg-facts';
import { createPostgresFactRollups } from './adapters/pg-fact-rollups';
import { createPostgresMetrics } from './adapters/pg-metrics';
import { createPostgresReports } from './adapters/pg-reports';
import { createAnalytics } from './analytics';
import type { AnalyticsConfig, AnalyticsServiceSettings } from './config';
import { registerAnalyticsApi } from './entry-points/http/analytics-api';
import { createAnalyticsMetrics } from './metrics';
import { migrateAnalytics } from './migrations';

/** The queues analytics consumes, declared by its bus. */
export const analyticsQueues = [analyticsEventsQueue];

/** A running analytics service. */
export interface RunningAnalytics {
  /** Base URL of the internal API and /health, /ready and /metrics. */
  readonly url: string;
  readonly metrics: Registry;
  /** Stops the HTTP server, then the schedule and consuming. */
  close(): Promise<void>;
}

/** What analytics runs on: the servers' connections (startAnalytics) or the embedded host's. */
export interface AnalyticsRuntime {
  /** A bus whose `queues` include `analyticsQueues`. */
  readonly bus: MessageBus;
  /** Where the service's schema (`analytics`) is, migrated. */
  readonly pool: SqlPool;
  /** Checked by GET /ready, one per dependency. */
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

/**
 * Starts analytics on the real servers: migrations (when RUN_MIGRATIONS), PostgreSQL and RabbitMQ, then the
 * service (startAnalyticsOn). Closing it closes the connections too.
 */
export function startAnalytics(
  config: AnalyticsConfig,
  deps: { readonly logger: Logger; readonly now?: () => number },
): Promise<RunningAnalytics> {
  return startOnServers({
    service: 'analytics',
    settings: config,
    logger: deps.logger,
    queues: analyticsQueues,
    retryDelaysMs: readRetryDelaysMs(config),
    migrate: (databaseUrl) => migrateAnalytics({ databaseUrl }),
    start: (runtime) => startAnalyticsOn(config, { ...deps, runtime }),
  });
}

/**
 * Starts the service on a given runtime: the consumer, the report schedule and the retention of message and
 * presence facts, then the HTTP server (the internal API behind ANALYTICS_API_TOKEN; GET /health, /ready, /metrics
 * open). Closing it leaves the runtime's connections open.
 */
export async function startAnalyticsOn(
  settings: AnalyticsServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: AnalyticsRuntime; readonly now?: () => number },
): Promise<RunningAnalytics> {
  const { logger, runtime } = deps;
  const registry = createMetricsRegistry({ service: 'analytics' });
  const metrics = createAnalyticsMetrics(registry);
  const service = createAnalytics({
    adapters: {
      bus: runtime.bus,
      facts: createPostgresFacts(runtime.pool),
      queries: createPostgresMetrics(runtime.pool),
      reports: {
        daily: createPostgresReports(runtime.pool, 'daily'),
        weekly: createPostgresReports(runtime.pool, 'weekly'),
      },
      rollups: createPostgresFactRollups(runtime.pool),
    },
    settings: {
      prefetch: settings.PREFETCH,
      retryDelaysMs: readRetryDelaysMs(settings),
      reportIntervalMs: settings.REPORT_INTERVAL_MS,
      reportBatchSize: settings.REPORT_BATCH_SIZE,
      factRetentionDays: settings.MESSAGE_FACTS_RETENTION_DAYS,
      factRollupIntervalMs: settings.MESSAGE_FACTS_ROLLUP_INTERVAL_MS,
      factDeleteBatchSize: settings.MESSAGE_FACTS_DELETE_BATCH_SIZE,
      ...(deps.now !== undefined && { now: deps.now }),
    },
    metrics,
    logger,
  });
  const served = await serveWorker({
    service: 'analytics',
    logger,
    metrics: registry,
    readinessChecks: runtime.readinessChecks,
    host: settings.HTTP_HOST,
    port: settings.HTTP_PORT,
    routes: {
      description:
        "Internal: vendors' fleet metrics (current values, time series), product analytics and daily and " +
        'weekly reports.',
      register: (app) =>
        registerAnalyticsApi(app, { token: settings.ANALYTICS_API_TOKEN, analytics: service.fleet, metrics }),
    },
    work: { start: () => service.start(), stop: () => service.stop() },
  });
  return { url: served.url, metrics: registry, close: () => served.close() };
}
