import { Type } from 'typebox';
import { defineMessage, defineQueue } from './define';
import { platformEventsExchange } from './exchanges';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds (the publisher clock).' });
const Uuid = Type.String({ format: 'uuid' });
/** A BCP 47 language tag as the templates know them: `en`, `fr`, `fr-CA`. */
const Locale = Type.String({
  pattern: '^[a-z]{2,3}(-[A-Z]{2})?$',
  description: 'BCP 47 language tag, e.g. fr.',
});

/** What a notification is about; preferences (which channels, quiet hours, digests) are chosen per category. */
export const NotificationCategory = Type.Union([
  Type.Literal('alert'),
  Type.Literal('presence'),
  Type.Literal('geofence'),
  Type.Literal('account'),
  Type.Literal('digest'),
]);

/** How urgent: critical passes quiet hours and wakes devices; info may wait for a digest. */
export const NotificationSeverity = Type.Union([
  Type.Literal('info'),
  Type.Literal('warning'),
  Type.Literal('critical'),
]);

/**
 * What a template fills itself with: a flat, bounded map of scalars (ids, names, values, epoch times), so a
 * request stays small and a template never walks a publisher's object graph.
 */
export const NotificationData = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
  Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 32 },
);

/** Someone (alerts, geofencing, ...) asks that a user be told something; the notifications service delivers it. */
export const notificationRequestedV1 = defineMessage({
  name: 'notification.requested',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    userId: Uuid,
    category: NotificationCategory,
    severity: NotificationSeverity,
    template: Type.String({ pattern: '^[a-z][a-z0-9.-]{0,63}$', description: 'e.g. alert.triggered' }),
    data: NotificationData,
    dedupKey: Type.String({ minLength: 1, maxLength: 200 }),
    locale: Type.Optional(Locale),
    requestedAt: EpochMs,
  }),
  example: {
    userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    category: 'alert',
    severity: 'critical',
    template: 'alert.triggered',
    data: {
      ruleName: 'Boiler too hot',
      deviceName: 'Boiler thermostat',
      homeName: 'Rue des Lilas',
      metric: 'temperature',
      value: 92.5,
      unit: '°C',
      threshold: 85,
      triggeredAt: 1763719800000,
    },
    dedupKey: 'alert:rule-7f3c:thermostat-0042:1763719800000',
    requestedAt: 1763719800150,
  },
  description:
    'Delivered at most once per (dedupKey, user, channel) however often it is published or redelivered. ' +
    "`template` names one the service knows (else it is dead-lettered), `data` fills it; `locale` overrides the user's.",
});

/** A user's contact details as notifications need them: published at sign-up and whenever they change. */
export const userContactChangedV1 = defineMessage({
  name: 'user.contact-changed',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    userId: Uuid,
    email: Type.String({ minLength: 3, maxLength: 254 }),
    emailVerified: Type.Boolean(),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'IANA, e.g. Europe/Paris' }),
    ),
    changedAt: EpochMs,
  }),
  example: {
    userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    email: 'ada@example.com',
    emailVerified: true,
    locale: 'fr',
    timeZone: 'Europe/Paris',
    changedAt: 1763719700000,
  },
  description:
    'Published by public-api at sign-up, address verification and any change of address, locale or time zone. ' +
    'The whole contact each time; a consumer keeps the one with the latest `changedAt`, so order does not matter.',
});

/** A user's account is gone: nothing more is sent to them. */
export const userDeletedV1 = defineMessage({
  name: 'user.deleted',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({ userId: Uuid, deletedAt: EpochMs }),
  example: { userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11', deletedAt: 1763806000000 },
  description:
    'Published by public-api once `DELETE /v1/account` committed (its outbox, `public_api.outbox`: retried until ' +
    'RabbitMQ confirmed, message id `user-deleted/<userId>`). Consumers forget the person: notifications the ' +
    "contact (waiting notifications cancelled, later requests dead-lettered), geofencing the person's presence, " +
    'kept positions and sharing settings.',
});

/** The notifications to deliver. Declared by the notifications service and by every publisher. */
export const notificationRequestsQueue = defineQueue({
  name: 'notifications.requests',
  messages: [notificationRequestedV1],
  description: 'Requests to notify a user (alerts, presence, geofence, ...), for the notifications service.',
});

/**
 * What notifications keeps of each user (address, locale, time zone, whether the account exists). Declared
 * by public-api (its publisher), so the changes wait here until the notifications service consumes them.
 */
export const notificationRecipientsQueue = defineQueue({
  name: 'notifications.recipients',
  messages: [userContactChangedV1, userDeletedV1],
  description: "Users' contact details and deletions, kept by the notifications service in its own schema.",
});
