import {
  notificationRequestedV1,
  notificationRequestsQueue,
  webhookDeliveriesQueue,
  type MessagePayload,
  type webhookDeliveryRequestedV1,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { readTestServerUrls, startNotificationsProcess, waitForValue } from '@homeport/testing';

/** A delivery request as public-api published it. */
export type DeliveryRequest = MessagePayload<typeof webhookDeliveryRequestedV1>;

/** What public-api asked of the notifications service over the bus, as its consumer would receive it. */
export interface WebhookMessagesSeen {
  readonly deliveries: DeliveryRequest[];
  readonly notices: MessagePayload<typeof notificationRequestedV1>[];
  /** The requests to `endpointId` once there are `count` of them. */
  deliveriesTo(endpointId: string, count?: number): Promise<DeliveryRequest[]>;
  /** The notice of `template` to `userId`, once it arrived. */
  notice(userId: string, template: string): Promise<MessagePayload<typeof notificationRequestedV1>>;
  close(): Promise<void>;
}

/** Reads notifications.webhook-deliveries and notifications.requests under `namePrefix` (notifications' place). */
export async function watchWebhookMessages(namePrefix: string): Promise<WebhookMessagesSeen> {
  const bus: MessageBus = await createAmqpMessageBus({
    url: readTestServerUrls().amqpUrl,
    connectionName: `${namePrefix}webhook-watcher`,
    queues: [webhookDeliveriesQueue, notificationRequestsQueue],
    namePrefix,
  });
  const deliveries: DeliveryRequest[] = [];
  const notices: MessagePayload<typeof notificationRequestedV1>[] = [];
  await bus.consume(webhookDeliveriesQueue, {
    'webhook.delivery-requested.v1': (request) => {
      deliveries.push(request);
      return Promise.resolve();
    },
  });
  await bus.consume(notificationRequestsQueue, {
    [notificationRequestedV1.type]: (request: MessagePayload<typeof notificationRequestedV1>) => {
      notices.push(request);
      return Promise.resolve();
    },
  });
  return {
    deliveries,
    notices,
    deliveriesTo: (endpointId, count = 1) =>
      waitForValue(() => {
        const found = deliveries.filter((request) => request.endpointId === endpointId);
        return Promise.resolve(found.length >= count ? found : undefined);
      }, `${count} delivery request(s) to ${endpointId}`),
    notice: (userId, template) =>
      waitForValue(
        () =>
          Promise.resolve(notices.find((notice) => notice.userId === userId && notice.template === template)),
        `the ${template} notice to ${userId}`,
      ),
    close: () => bus.close(),
  };
}

/** notifications' internal webhook routes, as its request metrics name them. */
const notificationsWebhookRoutes = [
  { method: 'GET', route: '/webhook-endpoints/:endpointId/deliveries' },
  { method: 'POST', route: '/webhook-endpoints/:endpointId/enable' },
  { method: 'DELETE', route: '/webhook-endpoints/:endpointId' },
] as const;

/** A call public-api makes to notifications' internal webhook routes. */
export type NotificationsWebhookCall = (typeof notificationsWebhookRoutes)[number];

/**
 * A notifications service process for suites that read notifications' queues themselves: on an AMQP prefix
 * of its own, it serves only its internal API. `answered` counts the calls of one webhook route it answered
 * (its request metrics), `answeredAll` those of all three.
 */
export async function startNotificationsApi(purpose: string) {
  const notifications = await startNotificationsProcess(purpose, {
    publicApiUrl: 'https://api.test.homeport.example',
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
  });
  const answered = (call: NotificationsWebhookCall) =>
    notifications.process.readMetric('http_request_duration_seconds_count', call);
  return {
    url: notifications.url,
    answered,
    answeredAll: async () => {
      const counts = await Promise.all(notificationsWebhookRoutes.map(answered));
      return counts.reduce((sum, count) => sum + count, 0);
    },
    close: () => notifications.close(),
  };
}
