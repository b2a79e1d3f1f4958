import {
  notificationRequestedV1,
  notificationRequestsQueue,
  webhookDeliveriesQueue,
  type MessagePayload,
  type webhookDeliveryRequestedV1,
  type WebhookDeliveryPage,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { notificationsApiToken, readTestServerUrls, waitForValue } from '@homeport/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** One call public-api made to the stand-in. */
export interface NotificationsApiCall {
  readonly method: string;
  readonly path: string;
}

/**
 * An HTTP server answering the three webhook routes of notifications' internal API as their contract says
 * (204, 204, a WebhookDeliveryPage; 401 without the service token), recording the calls. It stands in for
 * notifications until its webhook routes are merged (the other half of issue #15); `failing` makes it answer
 * 503, as a notifications service in trouble.
 */
export async function startNotificationsApiStandIn(): Promise<{
  url: string;
  calls: NotificationsApiCall[];
  setFailing(failing: boolean): void;
  close(): Promise<void>;
}> {
  const calls: NotificationsApiCall[] = [];
  let failing = false;
  const page: WebhookDeliveryPage = {
    items: [
      {
        id: '7',
        messageId: 'msg_stand-in',
        eventType: 'device.presence',
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        createdAt: '2026-12-03T10:00:00.000Z',
        lastAttemptAt: '2026-12-03T10:00:01.000Z',
        nextAttemptAt: null,
      },
    ],
  };
  const answerTo = (authorization: string | undefined, path: string): [number, unknown?] => {
    if (authorization !== `Bearer ${notificationsApiToken}`) return [401];
    if (failing) return [503, { code: 'UNAVAILABLE', message: 'stand-in failing' }];
    if (/^\/webhook-endpoints\/[^/]+\/deliveries(\?.*)?$/.test(path)) return [200, page];
    if (/^\/webhook-endpoints\/[^/]+(\/enable)?$/.test(path)) return [204];
    return [404, { code: 'ROUTE_NOT_FOUND', message: 'no such route' }];
  };
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    calls.push({ method: request.method ?? '', path });
    const send = (status: number, body?: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    send(...answerTo(request.headers.authorization, path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setFailing: (value) => {
      failing = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        }),
      ),
  };
}
