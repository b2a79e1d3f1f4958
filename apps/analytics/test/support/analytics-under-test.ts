import type { MessageBus } from '@homeport/messaging';
import { createAmqpMessageBus, defaultConsumeOptions } from '@homeport/messaging';
import { createLogger } from '@homeport/observability';
import { createPostgresPool, queryRows } from '@homeport/storage';
import {
  createTestDatabase,
  createUniqueName,
  deleteAmqpTopology,
  readTestServerUrls,
  requestJson,
  sumMetric,
  type JsonAnswer,
  type TestDatabase,
} from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { loadAnalyticsConfig } from '../../src/config';
import { analyticsQueues, startAnalytics } from '../../src/start-analytics';
import type { FleetEvent } from './known-fleet';

/** The internal API's token in tests. */
export const testToken = 'test-analytics-api-token-0123456789abcdef';

/** The analytics service on the real servers, its own database and AMQP names, and a publisher of events. */
export interface AnalyticsUnderTest {
  readonly url: string;
  /** Calls the internal API with the token (or `options.token`). */
  api<T>(method: string, path: string, options?: { token?: string }): Promise<JsonAnswer<T>>;
  /** The text of /metrics. */
  metricsText(): Promise<string>;
  /** Events recorded so far (analytics_events_total). */
  handled(): Promise<number>;
  /** Runs a statement on the service's database (facts as stored). */
  rows<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Publishes the events on the bus, 200 at a time, with their message ids. */
  publishAll(events: readonly FleetEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Starts analytics named `name` with extra settings `env` and a clock `now`. */
export async function startAnalyticsUnderTest(
  name: string,
  options: { readonly env?: Readonly<Record<string, string>>; readonly now?: () => number } = {},
): Promise<AnalyticsUnderTest> {
  const amqpPrefix = `${createUniqueName(name)}.`;
  const database: TestDatabase = await createTestDatabase(name);
  const amqpUrl = readTestServerUrls().amqpUrl;
  const publisher: MessageBus = await createAmqpMessageBus({
    url: amqpUrl,
    connectionName: `${amqpPrefix}publisher`,
    queues: analyticsQueues,
    namePrefix: amqpPrefix,
  });
  const config = loadAnalyticsConfig({
    AMQP_URL: amqpUrl,
    AMQP_NAME_PREFIX: amqpPrefix,
    DATABASE_URL: database.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    ANALYTICS_API_TOKEN: testToken,
    RETRY_DELAYS_MS: defaultConsumeOptions.retryDelaysMs.join(','),
    ...options.env,
  });
  const service: RunningWorker = await startAnalytics(config, {
    logger: createLogger({ service: 'analytics', level: 'error' }),
    ...(options.now !== undefined && { now: options.now }),
  });
  const metricsText = async () => (await fetch(`${service.url}/metrics`)).text();
  const pool = createPostgresPool({ url: database.url, applicationName: `${name}-test` });
  return {
    url: service.url,
    api: <T>(method: string, path: string, { token }: { token?: string } = {}) =>
      requestJson<T>(service.url, method, path, { token: token ?? testToken }),
    metricsText,
    handled: async () => sumMetric(await metricsText(), 'analytics_events_total'),
    rows: <Row>(sql: string, params: unknown[] = []) => queryRows<Row>(pool, sql, params),
    async publishAll(events) {
      for (let start = 0; start < events.length; start += 200) {
        await Promise.all(
          events
            .slice(start, start + 200)
            .map(({ message, payload, messageId }) =>
              publisher.publish(message, payload, messageId === undefined ? {} : { messageId }),
            ),
        );
      }
    },
    async close() {
      await service.close();
      await publisher.close();
      await pool.end();
      await database.drop();
      await deleteAmqpTopology(amqpPrefix, { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs });
    },
  };
}
