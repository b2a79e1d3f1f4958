import { markSecret } from '@homeport/config';
import { Type, type Static, type TObject } from 'typebox';
import type { DeliveryOutcome, MobilePushMessage, MobilePushSender } from '../domain/channels';
import { createApnsConnection } from './apns-connection';
import { createApnsProviderTokens } from './apns-provider-token';
import { readPem, readPrivateKeySetting, type SenderOptions, type WithKeys } from './channel-settings';
import type { ProviderAnswer } from './provider-http';
import {
  isRetryableStatus,
  parseJsonObject,
  permanentOutcome,
  retryLaterOutcome,
  transientOutcome,
} from './provider-answers';

/** Apple Push Notification service settings, keyed by environment variable (token-based authentication). */
export const apnsSettingsSchema = {
  /** The 10-character id of the APNs signing key (the p8 file's key id). */
  APNS_KEY_ID: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{10}$' })),
  /** The 10-character Apple Developer team id. */
  APNS_TEAM_ID: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{10}$' })),
  /** The p8 key's content (PEM; line breaks may be written `\n`). */
  APNS_PRIVATE_KEY: Type.Optional(markSecret(Type.String({ minLength: 1 }))),
  /** The app's bundle id: the apns-topic of every notification. */
  APNS_BUNDLE_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]+$' })),
  /** Production; the development server is https://api.sandbox.push.apple.com. */
  APNS_URL: Type.String({ default: 'https://api.push.apple.com', format: 'uri' }),
  /** A certificate authority (PEM) trusted for APNS_URL besides the system's; only for a local stand-in. */
  APNS_CA: Type.Optional(Type.String({ minLength: 1 })),
  APNS_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
};

/** The APNs settings as loaded. */
export type ApnsSettings = Static<TObject<typeof apnsSettingsSchema>>;

/** The keys that switch APNs on (all or none). */
export const apnsCredentialKeys = [
  'APNS_KEY_ID',
  'APNS_TEAM_ID',
  'APNS_PRIVATE_KEY',
  'APNS_BUNDLE_ID',
] as const;

/** Reasons that say the device token itself is dead or not ours. */
const goneReasons = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic']);

/**
 * What APNs answered (https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns).
 * A 403 is transient here: the sender renews an expired provider token once before it gets this far, and
 * other refused credentials are the operator's to fix, not a reason to drop the message.
 */
export function classifyApnsAnswer(answer: ProviderAnswer, nowMs: number): DeliveryOutcome {
  if (!answer.answered) return transientOutcome(`apns: ${answer.reason}`);
  const { status } = answer;
  if (status === 200) {
    const apnsId = answer.headers['apns-id'];
    return typeof apnsId === 'string'
      ? { kind: 'delivered', providerMessageId: apnsId }
      : { kind: 'delivered' };
  }
  const reason = parseJsonObject(answer.body)?.reason;
  if (typeof reason !== 'string') return transientOutcome(`apns gave a malformed answer (${status})`);
  if (status === 410 || goneReasons.has(reason)) return permanentOutcome(`apns: ${reason}`, true);
  if (isRetryableStatus(status) || status === 403) {
    return retryLaterOutcome(`apns: ${reason}`, answer, nowMs);
  }
  return permanentOutcome(`apns: ${reason}`, false);
}

/** The notification payload: the alert in `aps`, the app's data beside it. */
function renderApnsPayload(message: MobilePushMessage): string {
  return JSON.stringify({
    aps: { alert: { title: message.title, body: message.body } },
    data: message.data ?? {},
  });
}

/** Mobile push to iOS apps through APNs over HTTP/2 with token-based (JWT) provider authentication. */
export function createApnsSender(
  options: SenderOptions<WithKeys<ApnsSettings, (typeof apnsCredentialKeys)[number]>>,
): MobilePushSender {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const tokens = createApnsProviderTokens({
    keyId: settings.APNS_KEY_ID,
    teamId: settings.APNS_TEAM_ID,
    privateKey: readPrivateKeySetting('APNS_PRIVATE_KEY', settings.APNS_PRIVATE_KEY),
    now,
  });
  const connection = createApnsConnection({
    url: settings.APNS_URL,
    timeoutMs: settings.APNS_TIMEOUT_MS,
    ...(settings.APNS_CA === undefined ? {} : { ca: readPem(settings.APNS_CA) }),
  });

  async function post(message: MobilePushMessage): Promise<{ answer: ProviderAnswer; token: string }> {
    const token = await tokens.get();
    const headers = {
      ':method': 'POST',
      ':path': `/3/device/${message.token}`,
      authorization: `bearer ${token}`,
      'apns-topic': settings.APNS_BUNDLE_ID,
      'apns-push-type': 'alert',
      'apns-priority': message.urgency === 'high' ? '10' : '5',
      // 0 asks APNs to try once and not store the notification.
      'apns-expiration': String(message.ttlSeconds === 0 ? 0 : Math.floor(now() / 1000) + message.ttlSeconds),
    };
    return { answer: await connection.request(headers, renderApnsPayload(message)), token };
  }

  return {
    channel: 'mobile-push',
    provider: () => 'apns',
    async send(message) {
      // A device token is hex; anything else would not be one, and must not reach the request path.
      if (!/^[0-9A-Fa-f]{16,200}$/.test(message.token)) {
        return permanentOutcome('apns: not a device token (hexadecimal expected)', true);
      }
      let attempt = await post(message);
      if (
        attempt.answer.answered &&
        parseJsonObject(attempt.answer.body)?.reason === 'ExpiredProviderToken'
      ) {
        tokens.invalidate(attempt.token);
        attempt = await post(message);
      }
      return classifyApnsAnswer(attempt.answer, now());
    },
    close: () => connection.close(),
  };
}
