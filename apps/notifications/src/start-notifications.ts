import { readRetryDelaysMs } from '@homeport/config';
import {
  accountEmailsQueue,
  notificationRecipientsQueue,
  notificationRequestsQueue,
  webhookDeliveriesQueue,
} from '@homeport/contracts';
import { serveWorker } from '@homeport/http';
import { createMetricsRegistry, type Logger } from '@homeport/observability';
import { startOnServers, type RunningWorker, type WorkerRuntime } from '@homeport/service-runtime';
import { createPostgresOutbox } from './adapters/pg-outbox';
import { createPostgresRecipients } from './adapters/pg-recipients';
import { createConfiguredSenders } from './adapters/configured-senders';
import { createPostgresAddressBook } from './adapters/pg-address-book';
import { createPostgresDeliveryLog } from './adapters/pg-delivery-log';
import { createPostgresPreferences } from './adapters/pg-preferences';
import { createPostgresWebhooks } from './adapters/pg-webhooks';
import { createWebhookSender } from './adapters/webhook-sender';
import { type NotificationsConfig, type NotificationsServiceSettings } from './config';
import { registerNotificationsApi } from './entry-points/http/notifications-api';
import { createNotificationsMetrics } from './metrics';
import { migrateNotifications } from './migrations';
import { createNotifications } from './notifications';
import { readNotificationsSettings } from './notifications-settings';

/** The queues notifications consumes, declared by its bus (public-api declares some of them too). */
export const notificationsQueues = [
  notificationRequestsQueue,
  notificationRecipientsQueue,
  accountEmailsQueue,
  webhookDeliveriesQueue,
];

/** Starts notifications on the real servers: startNotificationsOn on startOnServers' connections. */
export function startNotifications(
  config: NotificationsConfig,
  deps: { readonly logger: Logger; readonly now?: () => number },
): Promise<RunningWorker> {
  return startOnServers({
    service: 'notifications',
    settings: config,
    logger: deps.logger,
    queues: notificationsQueues,
    retryDelaysMs: readRetryDelaysMs(config),
    migrate: (databaseUrl) => migrateNotifications({ databaseUrl }),
    start: (runtime) => startNotificationsOn(config, { ...deps, runtime }),
  });
}

/**
 * Starts the service on a given runtime (a bus declaring `notificationsQueues`, a pool with the
 * `notifications` schema migrated): the channels' senders, the dispatcher, the consumers, then the HTTP server
 * (the internal API behind NOTIFICATIONS_API_TOKEN; GET /health, /ready, /metrics open). Closing it stops the
 * HTTP server, then consuming, then sending (waiting for sends in flight), and leaves the runtime's
 * connections open.
 */
export async function startNotificationsOn(
  settings: NotificationsServiceSettings,
  deps: {
    readonly logger: Logger;
    readonly runtime: WorkerRuntime;
    /** The clock of quiet hours, digests and rate limits (tests move it). */
    readonly now?: () => number;
  },
): Promise<RunningWorker> {
  const { logger, runtime } = deps;
  const registry = createMetricsRegistry({ service: 'notifications' });
  const channels = createConfiguredSenders(settings, {
    url: settings.SMTP_URL,
    from: settings.EMAIL_FROM,
    maxConnections: settings.SMTP_MAX_CONNECTIONS,
    timeoutMs: settings.SMTP_TIMEOUT_MS,
  });
  const stores = {
    outbox: createPostgresOutbox(runtime.pool),
    recipients: createPostgresRecipients(runtime.pool),
    addresses: createPostgresAddressBook(runtime.pool),
    preferences: createPostgresPreferences(runtime.pool),
    webhooks: createPostgresWebhooks(runtime.pool),
  };
  // Webhooks are a channel of the dispatcher but not one people choose, so not among `channels.offered`.
  const webhookSender = createWebhookSender({
    timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
    allowPrivateHosts: settings.WEBHOOK_ALLOW_PRIVATE_HOSTS,
  });
  const service = createNotifications({
    adapters: { bus: runtime.bus, ...stores, senders: { ...channels.senders, webhook: webhookSender } },
    settings: {
      ...readNotificationsSettings(settings, channels.offered),
      ...(deps.now !== undefined && { now: deps.now }),
    },
    metrics: createNotificationsMetrics(registry),
    logger,
  });
  const served = await serveWorker({
    service: 'notifications',
    logger,
    metrics: registry,
    readinessChecks: runtime.readinessChecks,
    host: settings.HTTP_HOST,
    port: settings.HTTP_PORT,
    routes: {
      description:
        "Internal: users' notification preferences, addresses and delivery log; webhook endpoints' deliveries.",
      register: (app) =>
        registerNotificationsApi(app, {
          token: settings.NOTIFICATIONS_API_TOKEN,
          unsubscribeSecret: settings.UNSUBSCRIBE_SECRET,
          webPushPublicKey: settings.VAPID_PUBLIC_KEY ?? null,
          ...service.api,
          deliveries: createPostgresDeliveryLog(runtime.pool),
        }),
    },
    work: {
      start: () => service.start(),
      async stop() {
        await service.stop();
        await channels.close();
        await webhookSender.close();
      },
    },
  });
  return { url: served.url, metrics: registry, close: () => served.close() };
}
