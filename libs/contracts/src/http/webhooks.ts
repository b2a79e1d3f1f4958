import { Type, type Static, type TSchema } from 'typebox';
import { deviceCommandFinishedV1 } from '../amqp/device-commands';
import { Id } from '../ids';
import { StateProperties } from '../mqtt/payloads';
import {
  alertFlappingExample,
  alertFlappingFields,
  alertTransitionExample,
  alertTransitionFields,
} from './public-api-alert-events';
import { LivePresenceEvent } from './public-api-live';

/**
 * Webhooks: owners, vendors and OAuth clients subscribe an HTTPS URL to event types within their scope.
 * public-api owns the endpoints (schema `public_api`) and matches events to them; the notifications service
 * delivers, signed per Standard Webhooks (https://www.standardwebhooks.com), and keeps the delivery log,
 * which public-api serves to the endpoint's owner through notifications' internal API (same bodies).
 * Times are ISO 8601 strings.
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/**
 * The event types an endpoint subscribes to. The alert events (the alerts service's) reach an owner's
 * endpoints for the alerts of their homes, and a vendor's for the alerts of its own default rules only (a
 * home's own rules are the home's business).
 */
export const WebhookEventType = Type.Union([
  Type.Literal('device.state-changed'),
  Type.Literal('device.presence'),
  Type.Literal('device.command-finished'),
  Type.Literal('alert.fired'),
  Type.Literal('alert.resolved'),
  Type.Literal('alert.acknowledged'),
  Type.Literal('alert.escalated'),
  Type.Literal('alert.flapping-changed'),
]);
export type WebhookEventType = Static<typeof WebhookEventType>;

/** Path parameter of one endpoint. */
export const WebhookEndpointParams = Type.Object({ endpointId: Uuid });
export type WebhookEndpointParams = Static<typeof WebhookEndpointParams>;

const EventTypes = Type.Array(WebhookEventType, {
  minItems: 1,
  maxItems: WebhookEventType.anyOf.length,
  uniqueItems: true,
});
const Description = Type.String({ maxLength: 200 });

/**
 * POST /v1/webhooks (an owner, or an OAuth client acting for one: events of the devices in their homes, or
 * in `homeId` only) and POST /v1/vendors/{vendorId}/webhooks (events of the vendor's devices, without home ids).
 */
export const CreateWebhookRequest = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2048,
      description: 'https:// (http:// only where configured)',
    }),
    eventTypes: EventTypes,
    description: Type.Optional(Description),
    homeId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CreateWebhookRequest = Static<typeof CreateWebhookRequest>;

/** PATCH an endpoint: change its URL, event types or description; `enabled: true` re-enables a disabled one. */
export const UpdateWebhookRequest = Type.Object(
  {
    url: Type.Optional(CreateWebhookRequest.properties.url),
    eventTypes: Type.Optional(EventTypes),
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWebhookRequest = Static<typeof UpdateWebhookRequest>;

/** An endpoint as its owner sees it (never its secret, except once in WebhookCreatedResponse). */
export const WebhookResponse = Type.Object({
  id: Uuid,
  url: Type.String(),
  eventTypes: EventTypes,
  description: Type.Union([Description, Type.Null()]),
  homeId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type WebhookResponse = Static<typeof WebhookResponse>;

/** The answer to POST (and to POST .../secret, a rotation): the signing secret, shown this once. */
export const WebhookCreatedResponse = Type.Object({
  ...WebhookResponse.properties,
  secret: Type.String({ description: 'whsec_<base64>: verify deliveries with a Standard Webhooks library.' }),
});
export type WebhookCreatedResponse = Static<typeof WebhookCreatedResponse>;

/** The endpoints of the caller. */
export const WebhookList = Type.Object({ items: Type.Array(WebhookResponse) });
export type WebhookList = Static<typeof WebhookList>;

/** GET .../webhooks/{endpointId}/deliveries (and notifications' GET /webhook-endpoints/{endpointId}/deliveries). */
export const WebhookDeliveryQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('pending'),
        Type.Literal('delivered'),
        Type.Literal('failed'),
        Type.Literal('abandoned'),
      ]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    /** The previous page's `nextBefore`. */
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
  },
  { additionalProperties: false },
);
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>;

/**
 * One event's delivery to an endpoint: pending (retrying), delivered (2xx), failed (a permanent refusal or
 * retries exhausted), abandoned (the endpoint was disabled or deleted first). Newest first.
 */
export const WebhookDelivery = Type.Object({
  id: Type.String(),
  messageId: Type.String({ description: 'The webhook-id header' }),
  eventType: WebhookEventType,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('delivered'),
    Type.Literal('failed'),
    Type.Literal('abandoned'),
  ]),
  attempts: Type.Integer({ minimum: 0 }),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  lastAttemptAt: Type.Union([Timestamp, Type.Null()]),
  nextAttemptAt: Type.Union([Timestamp, Type.Null()]),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

/** A page of an endpoint's deliveries. */
export const WebhookDeliveryPage = Type.Object({
  items: Type.Array(WebhookDelivery),
  nextBefore: Type.Optional(Type.String()),
});
export type WebhookDeliveryPage = Static<typeof WebhookDeliveryPage>;

const HomeOfDevice = Type.Optional(
  Type.String({
    format: 'uuid',
    description: "The device's home: on owners' endpoints only, never on vendors'.",
  }),
);

/** `data` of a `device.state-changed` delivery: the device's stored state changed. */
export const WebhookStateChangedData = Type.Object(
  {
    deviceId: Id,
    homeId: HomeOfDevice,
    changed: StateProperties,
    state: StateProperties,
    reportedAt: Timestamp,
  },
  {
    examples: [
      {
        deviceId: 'thermostat-0042',
        homeId: '3f6c2a9e-1b7d-4c8a-9e5f-2d4b6a8c0e11',
        changed: { temperature: 20.6 },
        state: { temperature: 20.6, setpoint: 21, mode: 'heat' },
        reportedAt: '2025-11-21T10:00:00.000Z',
      },
    ],
  },
);
export type WebhookStateChangedData = Static<typeof WebhookStateChangedData>;

/** `data` of a `device.presence` delivery: the device connected, disconnected or lost its connection. */
export const WebhookPresenceData = Type.Object(
  {
    deviceId: Id,
    homeId: HomeOfDevice,
    status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    reason: LivePresenceEvent.properties.reason,
    at: Timestamp,
  },
  {
    examples: [
      {
        deviceId: 'thermostat-0042',
        status: 'offline',
        reason: 'connection_lost',
        at: '2025-11-21T10:05:00.000Z',
      },
    ],
  },
);
export type WebhookPresenceData = Static<typeof WebhookPresenceData>;

/** `data` of a `device.command-finished` delivery: a command reached an end. */
export const WebhookCommandFinishedData = Type.Object(
  {
    deviceId: Id,
    homeId: HomeOfDevice,
    commandId: deviceCommandFinishedV1.schema.properties.commandId,
    name: deviceCommandFinishedV1.schema.properties.name,
    status: deviceCommandFinishedV1.schema.properties.status,
    finishedAt: Timestamp,
  },
  {
    examples: [
      {
        deviceId: 'thermostat-0042',
        homeId: '3f6c2a9e-1b7d-4c8a-9e5f-2d4b6a8c0e11',
        commandId: 'cmd-5f2a9c0e7b3d41a8',
        name: 'reboot',
        status: 'done',
        finishedAt: '2025-11-21T10:11:40.000Z',
      },
    ],
  },
);
export type WebhookCommandFinishedData = Static<typeof WebhookCommandFinishedData>;

/** `data` of the `alert.fired`, `alert.resolved`, `alert.acknowledged` and `alert.escalated` deliveries. */
export const WebhookAlertData = Type.Object(
  { homeId: HomeOfDevice, ...alertTransitionFields },
  {
    examples: [
      { ...alertTransitionExample, homeId: '3f6c2a9e-1b7d-4c8a-9e5f-2d4b6a8c0e11' },
      { ...alertTransitionExample, ruleOwner: 'vendor', ruleName: 'Battery low', message: 'battery at 12 %' },
    ],
  },
);
export type WebhookAlertData = Static<typeof WebhookAlertData>;

/** `data` of an `alert.flapping-changed` delivery: a rule started or stopped flapping on a device. */
export const WebhookAlertFlappingData = Type.Object(
  { homeId: HomeOfDevice, ...alertFlappingFields },
  { examples: [alertFlappingExample] },
);
export type WebhookAlertFlappingData = Static<typeof WebhookAlertFlappingData>;

const deliveryBody = <T extends string, D extends TSchema>(type: T, data: D) =>
  Type.Object({ type: Type.Literal(type), timestamp: Timestamp, data });

/**
 * The JSON body POSTed to an endpoint (signed per Standard Webhooks; `type` is also the delivery's event
 * type, `timestamp` when the event happened).
 */
export const WebhookEventBody = Type.Union([
  deliveryBody('device.state-changed', WebhookStateChangedData),
  deliveryBody('device.presence', WebhookPresenceData),
  deliveryBody('device.command-finished', WebhookCommandFinishedData),
  deliveryBody('alert.fired', WebhookAlertData),
  deliveryBody('alert.resolved', WebhookAlertData),
  deliveryBody('alert.acknowledged', WebhookAlertData),
  deliveryBody('alert.escalated', WebhookAlertData),
  deliveryBody('alert.flapping-changed', WebhookAlertFlappingData),
]);
export type WebhookEventBody = Static<typeof WebhookEventBody>;
