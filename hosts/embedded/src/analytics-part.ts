import { readRetryDelaysMs, type Environment } from '@homeport/config';
import { analyticsQueues, loadAnalyticsSettings, startAnalyticsOn } from '@homeport/analytics';
import type { Logger } from '@homeport/observability';
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
  return startAnalyticsOn(settings, {
    logger: options.logger,
    runtime: await runtime.workerRuntime('analytics', {
      queues: analyticsQueues,
      retryDelaysMs: readRetryDelaysMs(settings),
    }),
  });
}
