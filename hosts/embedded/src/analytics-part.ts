import type { Environment } from '@homeport/config';
import { analyticsQueues, loadAnalyticsSettings, startAnalyticsOn } from '@homeport/analytics';
import type { Logger } from '@homeport/observability';
import { checkPostgres } from '@homeport/storage';
import type { EmbeddedRuntime } from './runtime';

/** analytics on the shared database and queue; its internal API behind the generated ANALYTICS_API_TOKEN. */
export async function startAnalyticsPart(options: {
  readonly env: Environment;
  readonly runtime: EmbeddedRuntime;
  readonly logger: Logger;
  readonly analyticsApiToken: string;
}) {
  const { runtime } = options;
  const settings = loadAnalyticsSettings({ ...options.env, ANALYTICS_API_TOKEN: options.analyticsApiToken });
  const bus = await runtime.createBus('analytics', {
    queues: analyticsQueues,
    retryDelaysMs: settings.RETRY_DELAYS_MS.split(',').map(Number),
  });
  return startAnalyticsOn(settings, {
    logger: options.logger,
    runtime: {
      bus,
      pool: runtime.pool,
      readinessChecks: { queue: () => bus.checkReady(), database: () => checkPostgres(runtime.pool) },
    },
  });
}
