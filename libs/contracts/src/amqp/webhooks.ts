import { Type } from 'typebox';
import { defineMessage, defineQueue } from './define';
import { platformEventsExchange } from './exchanges';
import { WebhookEventType } from '../http/webhooks';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds (the publisher clock).' });
const Uuid = Type.String({ format: 'uuid' });

/**
 * public-api matched an event to a webhook endpoint: the notifications service delivers it, signed as in the
 * Standard Webhooks specification, once (keyed by `messageId` × endpoint), retrying with backoff.
 */
export const webhookDeliveryRequestedV1 = defineMessage({
  name: 'webhook.delivery-requested',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    endpointId: Uuid,
    url: Type.String({
      minLength: 8,
      maxLength: 2048,
      description: 'Where to POST (checked by public-api).',
    }),
    secret: Type.String({
      pattern: '^whsec_[A-Za-z0-9+/=]{32,100}$',
      description:
        "The endpoint's signing secret at matching time. Carried so every attempt is signed when it is made " +
        '(receivers refuse old timestamps); the queue and the outbox are internal.',
    }),
    messageId: Type.String({
      pattern: '^msg_[A-Za-z0-9._-]{1,120}$',
      description: 'The `webhook-id` header: the same for every attempt, so receivers drop duplicates.',
    }),
    eventType: WebhookEventType,
    body: Type.String({
      maxLength: 65_536,
      description:
        'The exact JSON body to POST (`{ type, timestamp, data }`), serialized once by public-api.',
    }),
    requestedAt: EpochMs,
  }),
  example: {
    endpointId: '0b7d4e2a-8c1f-4d3e-9a6b-5f2c7e1d9a40',
    url: 'https://hooks.example.com/homeport',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    messageId: 'msg_device.state-changed_thermostat-0042_1842',
    eventType: 'device.state-changed',
    body: '{"type":"device.state-changed","timestamp":"2025-11-21T10:00:00.000Z","data":{"deviceId":"thermostat-0042","changed":{"temperature":20.6},"state":{"temperature":20.6,"setpoint":21},"reportedAt":"2025-11-21T10:00:00.000Z"}}',
    requestedAt: 1763719200300,
  },
  description:
    'Published by public-api for each endpoint an event matches. notifications keeps it in its outbox and ' +
    'delivers it with `webhook-id`, `webhook-timestamp` and `webhook-signature` (HMAC-SHA256) headers.',
});

/** notifications gave up on an endpoint after sustained failure: public-api disables it and tells its owner. */
export const webhookEndpointDisabledV1 = defineMessage({
  name: 'webhook.endpoint-disabled',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    endpointId: Uuid,
    failingSince: EpochMs,
    lastError: Type.String({ maxLength: 500 }),
    disabledAt: EpochMs,
  }),
  example: {
    endpointId: '0b7d4e2a-8c1f-4d3e-9a6b-5f2c7e1d9a40',
    failingSince: 1763287200000,
    lastError: 'HTTP 503 Service Unavailable',
    disabledAt: 1763719200000,
  },
  description:
    'Published by notifications when an endpoint has failed every attempt for longer than its limit; the ' +
    'deliveries still waiting are abandoned (kept in the log). Re-enabling through public-api resets the count.',
});

/** The deliveries to make; declared by notifications (consumer) and public-api (publisher). */
export const webhookDeliveriesQueue = defineQueue({
  name: 'notifications.webhook-deliveries',
  messages: [webhookDeliveryRequestedV1],
  description: 'Webhook deliveries matched by public-api, for the notifications service to sign and send.',
});

/** Endpoints notifications gave up on, for public-api to disable and tell their owners. */
export const webhookEndpointsQueue = defineQueue({
  name: 'public-api.webhook-endpoints',
  messages: [webhookEndpointDisabledV1],
  description:
    'Webhook endpoints disabled after sustained failure: public-api marks them and sends a notice.',
});
