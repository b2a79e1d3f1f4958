import { readRetryDelaysMs } from '@homeport/config';
import { alertsDeviceEventsQueue } from '@homeport/contracts';
import { createInternalApiTransport, serveWorker, type ReadinessCheck } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import { createMetricsRegistry, type Logger, type Registry } from '@homeport/observability';
import { startOnServers } from '@homeport/service-runtime';
import { createPostgresOutbox, type SqlPool } from '@homeport/storage';
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

/** A running alerts service. */
export interface RunningAlerts {
  /** Base URL of the internal API and /health, /ready and /metrics. */
  readonly url: string;
  readonly metrics: Registry;
  /** Stops the HTTP server, then consuming, then the sweeps and the relay. */
  close(): Promise<void>;
}

/** What alerts runs on: the servers' connections (startAlerts) or the embedded host's. */
export interface AlertsRuntime {
  /** A bus whose `queues` include `alertsQueues`. */
  readonly bus: MessageBus;
  /** Where the service's schema (`alerts`) is, migrated. */
  readonly pool: SqlPool;
  /** Checked by GET /ready, one per dependency. */
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

/**
 * Starts alerts on the real servers: migrations (when RUN_MIGRATIONS), PostgreSQL and RabbitMQ, then the
 * service (startAlertsOn). Closing it closes the connections too.
 */
export function startAlerts(
  config: AlertsConfig,
  deps: { readonly logger: Logger; readonly now?: () => number },
): Promise<RunningAlerts> {
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
 * Starts the service on a given runtime: the rules' index, the sweeps, the outbox relay and the consumer,
 * then the HTTP server (the internal API behind ALERTS_API_TOKEN; GET /health, /ready, /metrics open).
 * Closing it leaves the runtime's connections open.
 */
export async function startAlertsOn(
  settings: AlertsServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: AlertsRuntime; readonly now?: () => number },
): Promise<RunningAlerts> {
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
