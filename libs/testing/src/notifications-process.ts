import { generateKeyPairSync } from 'node:crypto';
import { deleteAmqpTopology } from './amqp-topology';
import { notificationsApiToken } from './pipeline-env';
import { readTestServerUrls } from './server-urls';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { createTestDatabase } from './test-database';
import { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server';
import { createUniqueName } from './unique-name';

/** Signs the unsubscribe links of a test notifications service's emails. */
export const testUnsubscribeSecret = 'e2e-unsubscribe-secret-0123456789abcdef0123';

/**
 * Web Push (a new VAPID key pair) and FCM (a new service account key) turned on, so that browsers and app
 * installations can be registered; nothing is sent to FCM by the tests that use them (its URL goes nowhere).
 */
export function createPushChannelSettings(): Record<string, string> {
  const vapid = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(vapid.x ?? '', 'base64url'),
    Buffer.from(vapid.y ?? '', 'base64url'),
  ]);
  const fcmKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  });
  return {
    VAPID_PUBLIC_KEY: point.toString('base64url'),
    VAPID_PRIVATE_KEY: vapid.d ?? '',
    VAPID_SUBJECT: 'mailto:operators@homeport.test',
    FCM_PROJECT_ID: 'homeport-test',
    FCM_CLIENT_EMAIL: 'notifications@homeport-test.iam.gserviceaccount.com',
    FCM_PRIVATE_KEY: fcmKey.toString(),
    FCM_URL: 'http://127.0.0.1:9',
    FCM_TOKEN_URL: 'http://127.0.0.1:9/token',
  };
}

/** A notifications service as its own process, on a database, AMQP prefix and SMTP server of its own. */
export interface NotificationsProcess {
  readonly process: ServiceProcess;
  /** Its internal HTTP API: public-api's NOTIFICATIONS_API_URL. */
  readonly url: string;
  /** Its NOTIFICATIONS_API_TOKEN: public-api's too. */
  readonly token: string;
  /** Where its emails go. */
  readonly smtp: TestSmtpServer;
  /** Its database (schema `notifications`), to wait for what it stored. */
  readonly databaseUrl: string;
  /** Prefix of its queues: publish contacts and notification requests there (@homeport/messaging). */
  readonly amqpPrefix: string;
  /** Stops the process, the SMTP server, and drops the database and queues. */
  close(): Promise<void>;
}

/** What `startNotificationsProcess` needs to know. */
export interface NotificationsProcessOptions {
  /** The links of its emails (WEB_APP_URL), and where unsubscribe links point (PUBLIC_API_URL). */
  readonly publicApiUrl: string;
  /** The bus's default retry delays (`defaultConsumeOptions.retryDelaysMs`), to delete its retry queues. */
  readonly busRetryDelaysMs: readonly number[];
  /** More settings of the service (quick retries, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts apps/notifications as a process for another service's tests (public-api's notification settings):
 * its own database (migrated at start) and AMQP prefix, emails to a throwaway SMTP server in the test
 * process, Web Push and FCM on (createPushChannelSettings), the API token `notificationsApiToken`.
 */
export async function startNotificationsProcess(
  purpose: string,
  options: NotificationsProcessOptions,
): Promise<NotificationsProcess> {
  const urls = readTestServerUrls();
  const database = await createTestDatabase(`${purpose}_notifications`);
  const amqpPrefix = `${createUniqueName(`${purpose}_notifications`)}.`;
  const smtp = await startTestSmtpServer();
  const cleanUp = async () => {
    await smtp.close();
    await database.drop();
    await deleteAmqpTopology(amqpPrefix, { busRetryDelaysMs: options.busRetryDelaysMs });
  };
  let service: ServiceProcess;
  try {
    service = await startServiceProcess({
      service: 'notifications',
      label: 'notifications',
      env: {
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        AMQP_URL: urls.amqpUrl,
        AMQP_NAME_PREFIX: amqpPrefix,
        SMTP_URL: smtp.url,
        WEB_APP_URL: options.publicApiUrl,
        PUBLIC_API_URL: options.publicApiUrl,
        NOTIFICATIONS_API_TOKEN: notificationsApiToken,
        UNSUBSCRIBE_SECRET: testUnsubscribeSecret,
        DISPATCH_POLL_MS: '50',
        ...createPushChannelSettings(),
        ...options.env,
      },
    });
    await service.waitForReady();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    process: service,
    url: service.url,
    token: notificationsApiToken,
    smtp,
    databaseUrl: database.url,
    amqpPrefix,
    async close() {
      await service.stop();
      await cleanUp();
    },
  };
}
