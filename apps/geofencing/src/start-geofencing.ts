import { geofencingLocationFixesQueue, geofencingUserDeletionsQueue } from '@homeport/contracts';
import { readRetryDelaysMs } from '@homeport/config';
import { createInternalApiTransport, serveWorker } from '@homeport/http';
import { createMetricsRegistry, type Logger } from '@homeport/observability';
import { startOnServers, type RunningWorker, type WorkerRuntime } from '@homeport/service-runtime';
import { createBrokerApiDesiredStates } from './adapters/broker-api-desired-states';
import { createPostgresAutomations } from './adapters/pg-automations';
import type { GeofencingConfig, GeofencingServiceSettings } from './config';
import { registerGeofencingApi } from './entry-points/http/geofencing-api';
import { createGeofencing } from './geofencing';
import { createGeofencingMetrics } from './metrics';
import { migrateGeofencing } from './migrations';

/** The queues geofencing consumes, declared by its bus (public-api declares it too). */
export const geofencingQueues = [geofencingLocationFixesQueue, geofencingUserDeletionsQueue];

/** Starts geofencing on the real servers: startGeofencingOn on startOnServers' connections. */
export function startGeofencing(
  config: GeofencingConfig,
  deps: { readonly logger: Logger; readonly now?: () => number },
): Promise<RunningWorker> {
  return startOnServers({
    service: 'geofencing',
    settings: config,
    logger: deps.logger,
    queues: geofencingQueues,
    retryDelaysMs: readRetryDelaysMs(config),
    migrate: (databaseUrl) => migrateGeofencing({ databaseUrl }),
    start: (runtime) => startGeofencingOn(config, { ...deps, runtime }),
  });
}

/**
 * Starts the service on a given runtime (a bus declaring `geofencingQueues`, a pool with the `geofencing`
 * schema migrated): the outbox relay, the stale sweep, the automation worker and the fixes consumer, then the
 * HTTP server (the internal API behind GEOFENCING_API_TOKEN; GET /health, /ready, /metrics open). Closing it
 * stops the HTTP server, then consuming, then the sweep and the outbox relay, and leaves the runtime's
 * connections open.
 */
export async function startGeofencingOn(
  settings: GeofencingServiceSettings,
  deps: { readonly logger: Logger; readonly runtime: WorkerRuntime; readonly now?: () => number },
): Promise<RunningWorker> {
  const { logger, runtime } = deps;
  const registry = createMetricsRegistry({ service: 'geofencing' });
  const brokerApi = createInternalApiTransport({
    service: 'broker-api',
    baseUrl: settings.BROKER_API_URL,
    token: settings.BROKER_API_TOKEN,
    timeoutMs: settings.BROKER_API_TIMEOUT_MS,
    unavailableCode: 'BROKER_API_UNAVAILABLE',
    maxConnections: 8,
  });
  const service = createGeofencing({
    settings,
    bus: runtime.bus,
    pool: runtime.pool,
    automations: createPostgresAutomations(runtime.pool),
    desiredStates: createBrokerApiDesiredStates(brokerApi),
    metrics: createGeofencingMetrics(registry),
    logger,
    now: deps.now ?? Date.now,
  });
  const served = await serveWorker({
    service: 'geofencing',
    logger,
    metrics: registry,
    readinessChecks: runtime.readinessChecks,
    host: settings.HTTP_HOST,
    port: settings.HTTP_PORT,
    routes: {
      description:
        "Internal: a home's automations (create, list, get, replace, delete) and their run log; members' " +
        "location sharing and homes' presence",
      register: (app) =>
        registerGeofencingApi(app, {
          token: settings.GEOFENCING_API_TOKEN,
          automations: service.automations,
          sharing: service.sharing,
        }),
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
