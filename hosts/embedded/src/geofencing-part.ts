import { readRetryDelaysMs, type Environment } from '@homeport/config';
import { geofencingQueues, loadGeofencingSettings, startGeofencingOn } from '@homeport/geofencing';
import type { Logger } from '@homeport/observability';
import type { EmbeddedRuntime } from './runtime';

/**
 * geofencing on the shared database and queue: the fixes public-api publishes, presence and occupancy in its
 * schema, its events through its outbox; automations set devices' desired state through broker-api's internal
 * API with its token. Its HTTP server serves its internal API (automations, behind the generated
 * GEOFENCING_API_TOKEN) and /health, /ready and /metrics on `port`.
 */
export async function startGeofencingPart(
  runtime: EmbeddedRuntime,
  options: {
    readonly env: Environment;
    readonly host: string;
    readonly port: number;
    readonly logger: Logger;
    readonly brokerApi: { readonly url: string; readonly token: string };
    readonly geofencingApiToken: string;
  },
) {
  const settings = loadGeofencingSettings({
    ...options.env,
    HTTP_HOST: options.host,
    HTTP_PORT: String(options.port),
    GEOFENCING_API_TOKEN: options.geofencingApiToken,
    BROKER_API_URL: options.brokerApi.url,
    BROKER_API_TOKEN: options.brokerApi.token,
  });
  return startGeofencingOn(settings, {
    logger: options.logger,
    runtime: await runtime.workerRuntime('geofencing', {
      queues: geofencingQueues,
      retryDelaysMs: readRetryDelaysMs(settings),
    }),
  });
}
