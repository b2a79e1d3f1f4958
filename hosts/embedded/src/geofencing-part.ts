import type { Environment } from '@homeport/config';
import { geofencingQueues, loadGeofencingSettings, startGeofencingOn } from '@homeport/geofencing';
import type { Logger } from '@homeport/observability';
import { checkPostgres } from '@homeport/storage';
import type { EmbeddedRuntime } from './runtime';

/**
 * geofencing on the shared database and queue: the fixes public-api publishes, presence and occupancy in its
 * schema, its events through its outbox. Its HTTP server serves /health, /ready and /metrics on `port`.
 */
export async function startGeofencingPart(
  runtime: EmbeddedRuntime,
  options: {
    readonly env: Environment;
    readonly host: string;
    readonly port: number;
    readonly logger: Logger;
  },
) {
  const settings = loadGeofencingSettings({
    ...options.env,
    HTTP_HOST: options.host,
    HTTP_PORT: String(options.port),
  });
  const bus = await runtime.createBus('geofencing', {
    queues: geofencingQueues,
    retryDelaysMs: settings.RETRY_DELAYS_MS.split(',').map(Number),
  });
  return startGeofencingOn(settings, {
    logger: options.logger,
    runtime: {
      bus,
      pool: runtime.pool,
      readinessChecks: { queue: () => bus.checkReady(), database: () => checkPostgres(runtime.pool) },
    },
  });
}
