import { readRetryDelaysMs } from '@homeport/config';
import { alertsDeviceEventsQueue } from '@homeport/contracts';
import { createInternalApiTransport, serveWorker } from '@homeport/http';
import { createMetricsRegistry, type Logger } from '@homeport/observability';
import { startOnServers, type RunningWorker, type WorkerRuntime } from '@homeport/service-runtime';
import { createPostgresOutbox } from '@homeport/storage';
import { createBrokerApiDirectory } from './adapters/broker-api-directory';
import { createPostgresAlertHistory } from './adapters/pg-alert-history';
import { alertsOutboxTable } from './adapters/pg-alert-records';
import { createPostgresAlertTransitions } from './adapters/pg-alert-transitions';
import { createPostgresRuleMutes } from './adapters/pg-rule-mutes';
import { createPostgresRules } from './adapters/pg-rules';
import { createAlerts } from './alerts';
import type { AlertsConfig, AlertsServiceSettings } from './config';
import { registerAlertsApi } from './entry-points/http/alerts-api';
import { createAlertsMetrics } from './metrics';
import { migrateAlerts } from './migrations';

/** The queues alerts consumes, declared by its bus. */
export const alertsQueues = [alertsDeviceEventsQueue];

/** Starts alerts on the real servers: startAlertsOn on startOnServers' connections. */
export function startAlerts(
  config: AlertsConfig,
  deps: { readonly logger: Logger; readonly now?: () => number },
): Promise<RunningWorker> {
  return startOnServers({
    service: 'alerts',
    settings: config,
    logger: deps.logger,
    queues: alertsQueues,
    retryDelaysMs: readRetryDelaysMs(config),
    migrate: (databaseUrl) => migrateAlerts({ databaseUrl }),
    start: (runtime) => startAlertsOn(config, { ...deps, runtime }),
  });
}

/**
 * Starts the service on a given runtime (a bus declaring `alertsQueues`, a pool with the `alerts` schema
 * migrated): the rules' index, the sweeps, the outbox relay and the consumer, then the HTTP server (the
 * internal API behind ALERTS_API_TOKEN; GET /health, /ready, /metrics open). Closing it stops the HTTP
 * server, then consuming, then the sweeps and the relay, and leaves the runtime's connections open.
 */
export async function startAlertsOn(
  settings: AlertsServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: WorkerRuntime; readonly now?: () => number },
): Promise<RunningWorker> {
  const { logger, runtime } = deps;
  const registry = createMetricsRegistry({ service: 'alerts' });
  const brokerApi = createInternalApiTransport({
    service: 'broker-api',
    baseUrl: settings.BROKER_API_URL,
    token: settings.BROKER_API_TOKEN,
    timeoutMs: settings.BROKER_API_TIMEOUT_MS,
    unavailableCode: 'BROKER_API_UNAVAILABLE',
    maxConnections: 16,
  });
  const service = createAlerts({
    adapters: {
      bus: runtime.bus,
      rules: createPostgresRules(runtime.pool),
      transitions: createPostgresAlertTransitions(runtime.pool),
      history: createPostgresAlertHistory(runtime.pool),
      mutes: createPostgresRuleMutes(runtime.pool),
      outbox: createPostgresOutbox(runtime.pool, alertsOutboxTable),
      directory: createBrokerApiDirectory(brokerApi),
    },
    settings: {
      prefetch: settings.PREFETCH,
      retryDelaysMs: readRetryDelaysMs(settings),
      sweepIntervalMs: settings.SWEEP_INTERVAL_MS,
      outboxPollMs: settings.OUTBOX_POLL_MS,
      outboxLeaseMs: settings.OUTBOX_LEASE_MS,
      rulesReloadMs: settings.RULES_RELOAD_MS,
      deviceCacheMs: settings.DEVICE_CACHE_MS,
      verifyAfterMs: settings.VERIFY_AFTER_MS,
      maxDevices: settings.MAX_DEVICES,
      ...(deps.now !== undefined && { now: deps.now }),
    },
    metrics: createAlertsMetrics(registry),
    logger,
  });
  const served = await serveWorker({
    service: 'alerts',
    logger,
    metrics: registry,
    readinessChecks: runtime.readinessChecks,
    host: settings.HTTP_HOST,
    port: settings.HTTP_PORT,
    routes: {
      description:
        "Internal: alert rules (create, list, get, update, delete), alerts' history and acknowledgements, " +
        "homes' mutes of vendor rules.",
      register: (app) => registerAlertsApi(app, { token: settings.ALERTS_API_TOKEN, useCases: service }),
    },
    work: {
      start: () => service.start(),
      async stop() {
        await service.stop();
        await brokerApi.close();
      },
    },
  });
  return { url: served.url, metrics: registry, close: () => served.close() };
}
