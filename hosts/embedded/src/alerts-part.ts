import { readRetryDelaysMs, type Environment } from '@homeport/config';
import { alertsQueues, loadAlertsSettings, startAlertsOn } from '@homeport/alerts';
import type { Logger } from '@homeport/observability';
import type { EmbeddedRuntime } from './runtime';

/**
 * alerts on the shared database and queue, reading devices and products from broker-api's internal API with
 * its token; its own internal API (rules) behind the generated ALERTS_API_TOKEN.
 */
export async function startAlertsPart(options: {
  readonly env: Environment;
  readonly runtime: EmbeddedRuntime;
  readonly logger: Logger;
  readonly brokerApi: { readonly url: string; readonly token: string };
  readonly alertsApiToken: string;
}) {
  const { runtime } = options;
  const settings = loadAlertsSettings({
    ...options.env,
    ALERTS_API_TOKEN: options.alertsApiToken,
    BROKER_API_URL: options.brokerApi.url,
    BROKER_API_TOKEN: options.brokerApi.token,
  });
  return startAlertsOn(settings, {
    logger: options.logger,
    runtime: await runtime.workerRuntime('alerts', {
      queues: alertsQueues,
      retryDelaysMs: readRetryDelaysMs(settings),
    }),
  });
}
