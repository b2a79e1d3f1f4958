import { Type, type Static } from 'typebox';
import { NotificationCategory, NotificationSeverity } from '../amqp/notifications';

/**
 * The notifications service's internal HTTP API: a user's notification preferences, the addresses push and
 * SMS reach them at, and their delivery log. notifications owns this data (schema `notifications`); public-api
 * serves it to the user under `/v1/account/notifications/...` with the same bodies, calling this API with
 * `Authorization: Bearer <NOTIFICATIONS_API_TOKEN>` and the caller's user id in the path. Operators read any
 * user's delivery log here. Times are ISO 8601 strings.
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** The channels a user can be reached on. */
export const NotificationChannel = Type.Union([
  Type.Literal('email'),
  Type.Literal('web-push'),
  Type.Literal('mobile-push'),
  Type.Literal('sms'),
]);
export type NotificationChannel = Static<typeof NotificationChannel>;

/** The categories a user chooses channels for (account emails always go by email: security needs them). */
export const PreferenceCategory = Type.Union([
  Type.Literal('alert'),
  Type.Literal('presence'),
  Type.Literal('geofence'),
]);
export type PreferenceCategory = Static<typeof PreferenceCategory>;

/** A wall-clock time in the user's time zone, `HH:MM` (24 h). */
const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', examples: ['22:00'] });

/** Path parameters of /users/{userId}. */
export const NotificationUserParams = Type.Object({ userId: Uuid });
/** Path parameters of /users/{userId}/{push-subscriptions|mobile-devices}/{id}. */
export const NotificationAddressParams = Type.Object({ userId: Uuid, id: Uuid });

/**
 * A user's preferences: the channels of each category, quiet hours (in the time zone of their account;
 * critical notifications pass through, the rest wait and come as one digest when they end), and the digest of
 * info-severity notifications (one message at `digest.at` instead of one each).
 */
export const NotificationPreferences = Type.Object(
  {
    channels: Type.Object(
      {
        alert: Type.Array(NotificationChannel, { uniqueItems: true, maxItems: 4 }),
        presence: Type.Array(NotificationChannel, { uniqueItems: true, maxItems: 4 }),
        geofence: Type.Array(NotificationChannel, { uniqueItems: true, maxItems: 4 }),
      },
      { additionalProperties: false },
    ),
    quietHours: Type.Union([
      Type.Object({ from: LocalTime, to: LocalTime }, { additionalProperties: false }),
      Type.Null(),
    ]),
    digest: Type.Union([Type.Object({ at: LocalTime }, { additionalProperties: false }), Type.Null()]),
  },
  {
    additionalProperties: false,
    examples: [
      {
        channels: { alert: ['email', 'web-push'], presence: ['web-push'], geofence: [] },
        quietHours: { from: '22:30', to: '07:00' },
        digest: { at: '08:00' },
      },
    ],
  },
);
export type NotificationPreferences = Static<typeof NotificationPreferences>;

/** POST /users/{userId}/push-subscriptions: a browser's PushSubscription JSON (Push API), as the console gets it. */
export const CreatePushSubscriptionRequest = Type.Object(
  {
    endpoint: Type.String({
      minLength: 12,
      maxLength: 1024,
      description: 'https URL of a known push service',
    }),
    keys: Type.Object(
      {
        p256dh: Type.String({ minLength: 1, maxLength: 200 }),
        auth: Type.String({ minLength: 1, maxLength: 100 }),
      },
      { additionalProperties: false },
    ),
    /** What the user sees in their list: "Firefox on a laptop". */
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreatePushSubscriptionRequest = Static<typeof CreatePushSubscriptionRequest>;

/** A registered browser (the keys are never answered back). */
export const PushSubscriptionResponse = Type.Object({
  id: Uuid,
  endpointOrigin: Type.String({ description: 'Scheme and host of the endpoint only' }),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type PushSubscriptionResponse = Static<typeof PushSubscriptionResponse>;

/**
 * GET /web-push/key: the VAPID public key (RFC 8292; base64url, an uncompressed P-256 point) browsers subscribe
 * with (`PushManager.subscribe`'s applicationServerKey); null while Web Push is off (no VAPID keys).
 */
export const WebPushKeyResponse = Type.Object({
  publicKey: Type.Union([Type.String({ pattern: '^[A-Za-z0-9_-]+$' }), Type.Null()]),
});
export type WebPushKeyResponse = Static<typeof WebPushKeyResponse>;

/** POST /users/{userId}/mobile-devices: an installation of the mobile app and its push token. */
export const CreateMobileDeviceRequest = Type.Object(
  {
    platform: Type.Union([Type.Literal('fcm'), Type.Literal('apns')]),
    token: Type.String({ minLength: 8, maxLength: 4096 }),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreateMobileDeviceRequest = Static<typeof CreateMobileDeviceRequest>;

/** A registered app installation (the token is never answered back). */
export const MobileDeviceResponse = Type.Object({
  id: Uuid,
  platform: Type.Union([Type.Literal('fcm'), Type.Literal('apns')]),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type MobileDeviceResponse = Static<typeof MobileDeviceResponse>;

/** The user's browsers. */
export const PushSubscriptionList = Type.Object({ items: Type.Array(PushSubscriptionResponse) });
/** The user's app installations. */
export const MobileDeviceList = Type.Object({ items: Type.Array(MobileDeviceResponse) });

/** PUT /users/{userId}/phone: the number SMS go to (E.164); a code is sent to it to confirm it. */
export const SetPhoneNumberRequest = Type.Object(
  { phoneNumber: Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', examples: ['+33612345678'] }) },
  { additionalProperties: false },
);
export type SetPhoneNumberRequest = Static<typeof SetPhoneNumberRequest>;

/** POST /users/{userId}/phone/confirm: the code the SMS carried. */
export const ConfirmPhoneNumberRequest = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type ConfirmPhoneNumberRequest = Static<typeof ConfirmPhoneNumberRequest>;

/** GET /users/{userId}/phone: the number (masked but for its last digits) and whether it is confirmed. */
export const PhoneNumberResponse = Type.Object({
  phoneNumber: Type.Union([Type.String(), Type.Null()]),
  confirmed: Type.Boolean(),
});
export type PhoneNumberResponse = Static<typeof PhoneNumberResponse>;

/** GET /users/{userId}/deliveries and GET /deliveries (operators): newest first, keyset paged by id. */
export const DeliveryLogQuery = Type.Object(
  {
    channel: Type.Optional(NotificationChannel),
    outcome: Type.Optional(
      Type.Union([
        Type.Literal('delivered'),
        Type.Literal('transient'),
        Type.Literal('permanent'),
        Type.Literal('suppressed'),
      ]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    /** The previous page's `nextBefore`. */
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
  },
  { additionalProperties: false },
);
export type DeliveryLogQuery = Static<typeof DeliveryLogQuery>;

/** GET /deliveries (operators): the same filters, and optionally one user's attempts only. */
export const OperatorDeliveryLogQuery = Type.Object(
  { ...DeliveryLogQuery.properties, userId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type OperatorDeliveryLogQuery = Static<typeof OperatorDeliveryLogQuery>;

/** One attempt to deliver a notification on one channel (addresses are not shown: the channel says enough). */
export const DeliveryAttempt = Type.Object({
  id: Type.String(),
  notificationId: Type.String({ description: 'The outbox row: every attempt of one message shares it' }),
  channel: NotificationChannel,
  provider: Type.String(),
  category: NotificationCategory,
  severity: NotificationSeverity,
  template: Type.String(),
  outcome: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  attemptedAt: Timestamp,
});
export type DeliveryAttempt = Static<typeof DeliveryAttempt>;

/** A page of the delivery log. */
export const DeliveryLogPage = Type.Object({
  items: Type.Array(DeliveryAttempt),
  nextBefore: Type.Optional(Type.String()),
});
export type DeliveryLogPage = Static<typeof DeliveryLogPage>;

/**
 * POST /unsubscribe: the token of an email's unsubscribe link (RFC 8058 one-click, or the page it opens).
 * The token is signed by notifications and names the user, category and channel; it needs no login.
 */
export const UnsubscribeRequest = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 512 }) },
  { additionalProperties: false },
);
export type UnsubscribeRequest = Static<typeof UnsubscribeRequest>;

/** What an unsubscribe did. */
export const UnsubscribeResponse = Type.Object({
  category: PreferenceCategory,
  channel: NotificationChannel,
});
export type UnsubscribeResponse = Static<typeof UnsubscribeResponse>;
