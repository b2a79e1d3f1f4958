import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import { createAccountEmails } from './domain/accept-account-email';
import { createAcceptNotification } from './domain/accept-notification';
import { createCircuitBreaker } from './domain/circuit-breaker';
import { createDigestJob } from './domain/digest-job';
import { createDispatcher, type ChannelSenders, type DispatcherSettings } from './domain/dispatcher';
import type { NotificationChannel } from '@homeport/contracts';
import { createPushAddresses, type PushAddresses } from './domain/addresses';
import { createPhoneNumbers, type PhoneNumbers } from './domain/phone-number';
import type { OutboxStore, RecipientStore } from './domain/ports';
import type { AddressBook, PreferenceStore } from './domain/preference-ports';
import { createPreferences, type Preferences } from './domain/preferences';
import type { PushEndpointPolicy } from './domain/push-endpoint-policy';
import { startAccountEmailsConsumer } from './entry-points/account-emails.consumer';
import { startNotificationRequestsConsumer } from './entry-points/notification-requests.consumer';
import { createHandlingObserver } from './entry-points/observe-handling';
import { startRecipientsConsumer } from './entry-points/recipients.consumer';
import type { NotificationsMetrics } from './metrics';
import { createWebhookEndpoints, type WebhookEndpoints } from './domain/webhook-endpoints';
import type { WebhookStore } from './domain/webhook-ports';
import { startWebhookDeliveriesConsumer } from './entry-points/webhook-deliveries.consumer';
import { webhookEndpointDisabledV1 } from '@homeport/contracts';

/** The implementations notifications runs on (RabbitMQ or in-process bus; a PostgreSQL server or the embedded one). */
export interface NotificationsAdapters {
  readonly bus: MessageBus;
  readonly outbox: OutboxStore;
  readonly recipients: RecipientStore;
  readonly addresses: AddressBook;
  readonly preferences: PreferenceStore;
  readonly webhooks: WebhookStore;
  readonly senders: ChannelSenders;
}

/** How the consumers and the dispatcher behave. */
export interface NotificationsSettings {
  readonly webAppUrl: string;
  /** Base of the unsubscribe links (`/v1/notifications/unsubscribe`). */
  readonly publicApiUrl: string;
  readonly unsubscribeSecret: string;
  /** The channels with a sender. */
  readonly offered: ReadonlySet<NotificationChannel>;
  readonly pushEndpoints: PushEndpointPolicy;
  /** Messages per user, category and channel in an hour before the rest wait for a summary. */
  readonly rateLimitPerHour: number;
  /** How often held messages are looked at for being due. */
  readonly digestPollMs: number;
  /** The clock of quiet hours, digests and rate limits (tests move it; default Date.now). */
  readonly now?: () => number;
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly dispatch: DispatcherSettings;
  readonly circuit: { readonly failureThreshold: number; readonly cooldownMs: number };
  readonly webhooks: { readonly disableAfterMs: number; readonly announcePollMs: number };
}

/** The service's domain and entry points over given adapters (no connections of its own). */
export interface Notifications {
  /** The use cases the internal HTTP API serves. */
  readonly api: {
    readonly preferences: Preferences;
    readonly addresses: PushAddresses;
    readonly phones: PhoneNumbers;
    readonly webhooks: WebhookEndpoints;
  };
  /** Starts the dispatcher, then the consumers. */
  start(): Promise<void>;
  /** Stops the consumers (waiting for messages in flight), then the dispatcher (waiting for sends in flight). */
  stop(): Promise<void>;
}

/** Wires the use cases to the adapters and the entry points to the use cases. */
export function createNotifications(deps: {
  readonly adapters: NotificationsAdapters;
  readonly settings: NotificationsSettings;
  readonly metrics: NotificationsMetrics;
  readonly logger: Logger;
}): Notifications {
  const { adapters, settings, metrics, logger } = deps;
  const now = settings.now ?? Date.now;
  const breaker = createCircuitBreaker({
    ...settings.circuit,
    onOpen: (circuit) => {
      // A webhook's circuit is its host ('webhook <host>'); the metric keeps the provider, not every host.
      metrics.circuitOpened.inc({ provider: circuit.split(' ')[0] ?? circuit });
      logger.warn({ circuit, cooldownMs: settings.circuit.cooldownMs }, 'provider failing: circuit open');
    },
  });
  const webhooks = createWebhookEndpoints({
    store: adapters.webhooks,
    publishDisabled: (event) =>
      adapters.bus.publish(webhookEndpointDisabledV1, event, {
        messageId: `webhook-endpoint-disabled:${event.endpointId}:${event.disabledAt}`,
      }),
    ...settings.webhooks,
    now,
    onDisabled: (endpointId, reason) => {
      metrics.webhookEndpointsDisabled.inc();
      logger.warn({ endpointId, reason }, 'webhook endpoint disabled');
    },
    onError: (error) => {
      metrics.storeErrors.inc();
      logger.warn({ err: error }, 'announcing disabled webhook endpoints failed; the next sweep tries again');
    },
  });
  const dispatcher = createDispatcher({
    outbox: adapters.outbox,
    senders: adapters.senders,
    breaker,
    settings: settings.dispatch,
    forgetAddress: (channel, address, reason) => {
      if (channel === 'email') return adapters.outbox.suppressAddress(channel, address, reason);
      // A webhook endpoint answering 410 is disabled by afterAttempt, once the attempt is logged.
      if (channel === 'webhook') return Promise.resolve();
      return adapters.addresses.forgetAddress(channel, address);
    },
    afterAttempt: (row, outcome) => webhooks.afterAttempt(row, outcome),
    observer: {
      onRow: ({ channel, provider, outcome, sendSeconds }) => {
        metrics.deliveries.inc({ channel, provider, outcome });
        if (sendSeconds !== undefined) metrics.sendSeconds.observe({ channel, provider }, sendSeconds);
      },
      onStoreError: (error) => {
        metrics.storeErrors.inc();
        logger.warn({ err: error }, 'outbox step failed; the row is taken again after its lease');
      },
    },
  });
  const digests = createDigestJob({
    outbox: adapters.outbox,
    recipients: adapters.recipients,
    webAppUrl: settings.webAppUrl,
    pollMs: settings.digestPollMs,
    now,
    onQueued: () => {
      dispatcher.wake();
    },
    onError: (error) => {
      metrics.storeErrors.inc();
      logger.warn({ err: error }, 'collecting held notifications failed; the next tick tries again');
    },
  });
  const observe = createHandlingObserver(metrics, logger);
  const options = { prefetch: settings.prefetch, retryDelaysMs: settings.retryDelaysMs };
  const useCaseDeps = {
    recipients: adapters.recipients,
    outbox: adapters.outbox,
    webAppUrl: settings.webAppUrl,
  };
  let consumers: Consumer[] = [];
  const stores = { recipients: adapters.recipients, addresses: adapters.addresses };
  const api = {
    preferences: createPreferences({ ...stores, store: adapters.preferences }),
    addresses: createPushAddresses({
      addresses: adapters.addresses,
      offered: settings.offered,
      endpointPolicy: settings.pushEndpoints,
    }),
    phones: createPhoneNumbers({ ...stores, outbox: adapters.outbox, offered: settings.offered }),
    webhooks,
  };
  return {
    api,
    async start() {
      dispatcher.start();
      digests.start();
      webhooks.start();
      const common = { bus: adapters.bus, observe, options };
      consumers = await Promise.all([
        startRecipientsConsumer({ ...common, recipients: adapters.recipients }),
        startNotificationRequestsConsumer({
          ...common,
          accept: createAcceptNotification({
            ...useCaseDeps,
            addresses: adapters.addresses,
            preferences: api.preferences,
            offered: settings.offered,
            unsubscribe: { publicApiUrl: settings.publicApiUrl, secret: settings.unsubscribeSecret },
            rateLimitPerHour: settings.rateLimitPerHour,
            now,
          }),
          onQueued: () => {
            dispatcher.wake();
          },
        }),
        startWebhookDeliveriesConsumer({
          ...common,
          accept: (request) => webhooks.accept(request),
          onQueued: () => {
            dispatcher.wake();
          },
        }),
        startAccountEmailsConsumer({
          ...common,
          accountEmails: createAccountEmails(useCaseDeps),
          onQueued: () => {
            dispatcher.wake();
          },
        }),
      ]);
    },
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.close()));
      await digests.stop();
      await dispatcher.stop();
      await webhooks.stop();
    },
  };
}
