import { randomBytes, randomUUID } from 'node:crypto';
import {
  webhookDeliveryRequestedV1,
  webhookEndpointDisabledV1,
  type MessagePayload,
} from '@homeport/contracts';
import { listenForEvents } from '@homeport/testing';
import { startHttpStandIn, type StandInAnswer, type StandInRequest } from '@homeport/testing';

export type WebhookDeliveryRequest = MessagePayload<typeof webhookDeliveryRequestedV1>;

/** A request the receiver took, and the status it answered. */
export interface ReceivedWebhook extends StandInRequest {
  readonly answeredStatus: number;
}

/** A webhook receiver: a real HTTP server of the test's, with an endpoint id and signing secret of its own. */
export interface WebhookReceiver {
  readonly url: string;
  readonly endpointId: string;
  readonly secret: string;
  /** The status the next request is answered with (tests change it while it runs). */
  status: (request: StandInRequest) => number;
  readonly received: readonly ReceivedWebhook[];
  /** Requests answered 2xx, by webhook-id. */
  deliveredCount(messageId: string): number;
  /** A delivery request for this endpoint, with a fresh message id. */
  requestFor(overrides?: Partial<WebhookDeliveryRequest>): WebhookDeliveryRequest;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 answering 204 until told otherwise. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver = {
    status: (() => 204) as (request: StandInRequest) => number,
  };
  const standIn = await startHttpStandIn((request): StandInAnswer => {
    const status = receiver.status(request);
    received.push({ ...request, answeredStatus: status });
    return {
      status,
      headers: { 'content-type': 'text/plain' },
      body: status < 300 ? '' : `refused (${status})`,
    };
  });
  const endpointId = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const url = `${standIn.url}/hooks/${endpointId}`;
  return Object.assign(receiver, {
    url,
    endpointId,
    secret,
    received,
    deliveredCount: (messageId: string) =>
      received.filter(
        (request) =>
          request.headers['webhook-id'] === messageId &&
          request.answeredStatus >= 200 &&
          request.answeredStatus < 300,
      ).length,
    requestFor: (overrides: Partial<WebhookDeliveryRequest> = {}): WebhookDeliveryRequest => {
      const messageId = `msg_${randomUUID()}`;
      return {
        ...webhookDeliveryRequestedV1.example,
        endpointId,
        url,
        secret,
        messageId,
        body: JSON.stringify({
          type: 'device.state-changed',
          timestamp: new Date().toISOString(),
          data: { deviceId: 'thermostat-0042', messageId },
        }),
        requestedAt: Date.now(),
        ...overrides,
      };
    },
    close: () => standIn.close(),
  });
}

/** Reads webhook.endpoint-disabled events from RabbitMQ through a temporary queue of the test's own. */
export async function listenForDisabledEndpoints(namePrefix: string) {
  const listener = await listenForEvents(namePrefix, webhookEndpointDisabledV1);
  return {
    of: (endpointId: string) => listener.events().filter((event) => event.endpointId === endpointId),
    close: () => listener.close(),
  };
}
