/**
 * The channels a notification goes out on, each behind one port: the domain hands a sender a message it
 * rendered for one address and reads back an outcome; the adapter speaks the provider's protocol (SMTP, Web
 * Push, FCM HTTP v1, APNs, an SMS API) and classifies what the provider answered.
 */
export type ChannelName = 'email' | 'web-push' | 'mobile-push' | 'sms' | 'webhook';

/** What one attempt to hand a message to a provider came to. */
export type DeliveryOutcome =
  /** The provider accepted the message (`providerMessageId` when it answers one). */
  | { readonly kind: 'delivered'; readonly providerMessageId?: string; readonly statusCode?: number }
  /** Worth retrying: SMTP 4xx, HTTP 5xx, 429, a timeout, a refused connection, a malformed answer. */
  | {
      readonly kind: 'transient';
      readonly reason: string;
      readonly retryAfterMs?: number;
      readonly statusCode?: number;
    }
  /**
   * Never worth retrying. `addressGone`: the address itself is dead (SMTP 5xx for the mailbox, a push
   * subscription or token answered 404/410 or unregistered, an SMS number that cannot receive), so the caller
   * marks or removes it.
   */
  | {
      readonly kind: 'permanent';
      readonly reason: string;
      readonly addressGone: boolean;
      readonly statusCode?: number;
    };

/** An email, rendered: both parts, in the recipient's locale. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers, e.g. `List-Unsubscribe` (RFC 8058). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A browser's push subscription (the PushSubscription JSON of the Push API). */
export interface WebPushSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

/** What a push (web or mobile) shows. */
export interface PushContent {
  readonly title: string;
  readonly body: string;
  /** Small string map the app reads (ids, deep link). */
  readonly data?: Readonly<Record<string, string>>;
  /** `high` for critical alerts: wakes the device (FCM priority, APNs priority 10, Web Push Urgency). */
  readonly urgency: 'normal' | 'high';
  /** How long the provider may hold it for an offline device. */
  readonly ttlSeconds: number;
}

/** A Web Push message to one browser subscription (RFC 8030, encrypted per RFC 8291, VAPID per RFC 8292). */
export interface WebPushMessage extends PushContent {
  readonly subscription: WebPushSubscription;
}

/** A push to one app installation: an FCM registration token or an APNs device token. */
export interface MobilePushMessage extends PushContent {
  readonly platform: 'fcm' | 'apns';
  readonly token: string;
}

/** A text message to one phone number (E.164). */
export interface SmsMessage {
  readonly to: string;
  readonly body: string;
}

/**
 * A webhook delivery (Standard Webhooks): the exact body POSTed to the endpoint's URL, signed with its secret
 * when each attempt is made.
 */
export interface WebhookMessage {
  readonly endpointId: string;
  readonly url: string;
  /** `whsec_<base64>`. */
  readonly secret: string;
  /** The `webhook-id` header, the same on every attempt. */
  readonly messageId: string;
  readonly body: string;
}

/** Hands messages of one channel to its provider. Implementations never throw for a provider's answer. */
export interface ChannelSender<M> {
  readonly channel: ChannelName;
  /** The provider's name, for the circuit breaker, logs and metrics (`smtp`, `web-push`, `fcm`, `apns`, ...). */
  provider(message: M): string;
  /**
   * The circuit the message's attempts count in, when it is narrower than the provider (a webhook's receiving
   * host): one failing receiver must not hold back the others. Metrics keep the provider's name.
   */
  circuit?(message: M): string;
  send(message: M): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export type EmailSender = ChannelSender<EmailMessage>;
export type WebPushSender = ChannelSender<WebPushMessage>;
export type MobilePushSender = ChannelSender<MobilePushMessage>;
export type SmsSender = ChannelSender<SmsMessage>;
export type WebhookSender = ChannelSender<WebhookMessage>;
