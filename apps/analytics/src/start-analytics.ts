import { readRetryDelaysMs } from '@homeport/config';
import { analyticsEventsQueue } from '@homeport/contracts';
import { serveWorker } from '@homeport/http';
import { createMetricsRegistry, type Logger } from '@homeport/observability';
import { startOnServers, type RunningWorker, type WorkerRuntime } from '@homeport/service-runtime';
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

/** Starts analytics on the real servers: startAnalyticsOn on startOnServers' connections. */
export function startAnalytics(
  config: AnalyticsConfig,
  deps: { readonly logger: Logger; readonly now?: () => number },
): Promise<RunningWorker> {
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
 * Starts the service on a given runtime (a bus declaring `analyticsQueues`, a pool with the `analytics` schema
 * migrated): the consumer, the report schedule and the retention of message and presence facts, then the HTTP
 * server (the internal API behind ANALYTICS_API_TOKEN; GET /health, /ready, /metrics open). Closing it stops
 * the HTTP server, then the schedule and consuming, and leaves the runtime's connections open.
 */
export async function startAnalyticsOn(
  settings: AnalyticsServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: WorkerRuntime; readonly now?: () => number },
): Promise<RunningWorker> {
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
