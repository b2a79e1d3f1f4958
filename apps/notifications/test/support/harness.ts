import { randomUUID } from 'node:crypto';
import { notificationRequestedV1, userContactChangedV1, type MessagePayload } from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { createLogger } from '@homeport/observability';
import { createPostgresPool, type SqlPool } from '@homeport/storage';
import {
  createTestDatabase,
  createUniqueName,
  deleteAmqpTopology,
  readTestServerUrls,
  waitFor,
  type TestDatabase,
} from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { loadNotificationsConfig } from '../../src/config';
import { notificationsQueues, startNotifications } from '../../src/start-notifications';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server';

export type NotificationRequest = MessagePayload<typeof notificationRequestedV1>;
export type ContactChange = MessagePayload<typeof userContactChangedV1>;

/** Where the links of the emails point in tests. */
export const testWebAppUrl = 'https://app.homeport.test';

/** The servers of one test file: its database, queue prefix and SMTP server, and a publisher's bus. */
export interface Harness {
  readonly smtp: TestSmtpServer;
  readonly bus: MessageBus;
  readonly pool: SqlPool;
  /** Prepended to the file's exchange and queue names. */
  readonly amqpPrefix: string;
  /** The environment a notifications process of this file runs with (the settings asked for included). */
  readonly env: Readonly<Record<string, string>>;
  /** Starts notifications in this process on the file's servers (with a clock of the test's, if given). */
  startService(now?: () => number): Promise<RunningWorker>;
  /** Publishes a verified contact for a new user (or the one given) and waits until it is stored. */
  addUser(contact?: Partial<ContactChange>): Promise<ContactChange>;
  /** An alert-shaped request for the user, with a fresh dedup key unless given. */
  alertFor(userId: string, overrides?: Partial<NotificationRequest>): NotificationRequest;
  /** The delivery log of a user's notifications, oldest first. */
  deliveryLog(userId: string): Promise<{ outcome: string; provider: string; reason: string | null }[]>;
  close(): Promise<void>;
}

/** The internal API's bearer token and the unsubscribe links' key in tests. */
export const testApiToken = 'test-notifications-api-token-0123456789abcdef';
export const testUnsubscribeSecret = 'test-unsubscribe-secret-0123456789abcdef';

/** Fast retries and a short circuit cooldown, so that recoveries happen within a test. */
export const quickRetries = {
  DELIVERY_RETRY_BASE_MS: '50',
  DELIVERY_RETRY_MAX_MS: '400',
  CIRCUIT_FAILURES: '3',
  CIRCUIT_COOLDOWN_MS: '300',
  DISPATCH_POLL_MS: '50',
  RETRY_DELAYS_MS: '100,200',
};

/** Creates the file's servers; `settings` are notifications environment keys (e.g. quickRetries). */
export async function createHarness(
  purpose: string,
  settings: Record<string, string> = {},
): Promise<Harness> {
  const urls = readTestServerUrls();
  const database: TestDatabase = await createTestDatabase(purpose);
  const prefix = `${createUniqueName(purpose)}.`;
  const smtp = await startTestSmtpServer();
  const pool = createPostgresPool({ url: database.url, max: 4 });
  const bus = await createAmqpMessageBus({
    url: urls.amqpUrl,
    connectionName: `${prefix}publisher`,
    queues: notificationsQueues,
    namePrefix: prefix,
  });
  const env: Record<string, string> = {
    AMQP_URL: urls.amqpUrl,
    AMQP_NAME_PREFIX: prefix,
    DATABASE_URL: database.url,
    SMTP_URL: smtp.url,
    WEB_APP_URL: testWebAppUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    NOTIFICATIONS_API_TOKEN: testApiToken,
    UNSUBSCRIBE_SECRET: testUnsubscribeSecret,
    ...quickRetries,
    ...settings,
  };
  const services: RunningWorker[] = [];
  return {
    smtp,
    bus,
    pool,
    amqpPrefix: prefix,
    env,
    async startService(now) {
      const config = loadNotificationsConfig(env);
      const running = await startNotifications(config, {
        logger: createLogger({ service: 'notifications', level: config.LOG_LEVEL }),
        ...(now !== undefined && { now }),
      });
      services.push(running);
      return running;
    },
    async addUser(contact = {}) {
      const change: ContactChange = {
        userId: randomUUID(),
        email: `${randomUUID()}@example.com`,
        emailVerified: true,
        changedAt: Date.now(),
        ...contact,
      };
      await bus.publish(userContactChangedV1, change);
      await waitForRow(
        pool,
        'SELECT 1 FROM notifications.recipients WHERE user_id = $1 AND changed_at = $2',
        [change.userId, change.changedAt],
      );
      return change;
    },
    alertFor(userId, overrides = {}) {
      return {
        ...notificationRequestedV1.example,
        userId,
        dedupKey: `alert:${randomUUID()}`,
        requestedAt: Date.now(),
        ...overrides,
      };
    },
    async deliveryLog(userId) {
      const result = await pool.query<{ outcome: string; provider: string; reason: string | null }>(
        'SELECT outcome, provider, reason FROM notifications.delivery_log WHERE user_id = $1 ORDER BY id',
        [userId],
      );
      return result.rows;
    },
    async close() {
      for (const running of services) await running.close();
      await bus.close();
      await pool.end();
      await smtp.close();
      await Promise.all([
        database.drop(),
        deleteAmqpTopology(prefix, { busRetryDelaysMs: [...defaultConsumeOptions.retryDelaysMs, 100, 200] }),
      ]);
    },
  };
}

/** Waits until the statement returns a row (the service stored what a test published). */
export async function waitForRow(pool: SqlPool, sql: string, params: unknown[]): Promise<void> {
  await waitFor(async () => (await pool.query(sql, params)).rows.length > 0, sql);
}

/** The sum of a metric's samples whose labels include `labels`, from the service's registry. */
export async function readMetric(
  running: RunningWorker,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return (await running.metrics.metrics())
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
