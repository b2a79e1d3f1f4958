import { analyticsApiToken } from './pipeline-env';
import { readTestServerUrls } from './server-urls';
import { startServiceWithDatabase, type ServiceWithDatabase } from './service-with-database';

/** An analytics service as its own process, on a database of its own and a given AMQP prefix. */
export interface AnalyticsProcess extends ServiceWithDatabase {
  /** public-api's settings to reach it. */
  readonly env: { readonly ANALYTICS_API_URL: string; readonly ANALYTICS_API_TOKEN: string };
}

/**
 * Starts apps/analytics as a process for another service's tests (public-api's vendor analytics): the
 * caller's AMQP prefix, so that the platform events published there (broker-api's registrations, presence)
 * reach it.
 */
export async function startAnalyticsProcess(
  purpose: string,
  options: { readonly amqpPrefix: string; readonly env?: Readonly<Record<string, string>> },
): Promise<AnalyticsProcess> {
  const started = await startServiceWithDatabase(purpose, 'analytics', (databaseUrl) => ({
    AMQP_URL: readTestServerUrls().amqpUrl,
    AMQP_NAME_PREFIX: options.amqpPrefix,
    DATABASE_URL: databaseUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    ANALYTICS_API_TOKEN: analyticsApiToken,
    ...options.env,
  }));
  return {
    ...started,
    env: { ANALYTICS_API_URL: started.process.url, ANALYTICS_API_TOKEN: analyticsApiToken },
  };
}
