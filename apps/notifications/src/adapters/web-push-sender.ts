import { ConfigError, markSecret } from '@homeport/config';
import { Type, type Static, type TObject } from 'typebox';
import webPush from 'web-push';
import type { DeliveryOutcome, WebPushMessage, WebPushSender } from '../domain/channels';
import type { SenderOptions, WithKeys } from './channel-settings';
import { createProviderHttpClient, type ProviderAnswer, type ProviderRequest } from './provider-http';
import { isRetryableStatus, permanentOutcome, retryLaterOutcome, transientOutcome } from './provider-answers';

/** Web Push settings, keyed by environment variable; the VAPID keys (RFC 8292) come from `web-push generate-vapid-keys`. */
export const webPushSettingsSchema = {
  /** The VAPID public key (base64url, uncompressed P-256 point) the browsers subscribed with. */
  VAPID_PUBLIC_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]+$' })),
  VAPID_PRIVATE_KEY: Type.Optional(markSecret(Type.String({ pattern: '^[A-Za-z0-9_-]+$' }))),
  /** How a push service reaches the operator: a mailto: or https: URL. */
  VAPID_SUBJECT: Type.Optional(Type.String({ pattern: '^(mailto:|https://)' })),
  /** Push services are reached over https; http endpoints are refused unless this is true (local tests). */
  WEB_PUSH_ALLOW_HTTP: Type.Boolean({ default: false }),
  WEB_PUSH_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
};

/** The Web Push settings as loaded, with the credentials that switch the channel on. */
export type WebPushSettings = Static<TObject<typeof webPushSettingsSchema>>;

/** The keys that switch Web Push on (all or none). */
export const webPushCredentialKeys = ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const;

type ConfiguredWebPushSettings = WithKeys<WebPushSettings, (typeof webPushCredentialKeys)[number]>;

/** What a push service's answer to a message means (RFC 8030 §5, RFC 8292 §4.1). */
export function classifyWebPushAnswer(answer: ProviderAnswer, nowMs: number): DeliveryOutcome {
  if (!answer.answered) return transientOutcome(`push service: ${answer.reason}`);
  const { status } = answer;
  if (status === 201 || status === 200 || status === 202) {
    const location = answer.headers.location;
    return location === undefined
      ? { kind: 'delivered' }
      : { kind: 'delivered', providerMessageId: location };
  }
  if (status === 404 || status === 410) return permanentOutcome(`push subscription gone (${status})`, true);
  if (isRetryableStatus(status)) {
    return retryLaterOutcome(`push service answered ${status}`, answer, nowMs);
  }
  return permanentOutcome(
    `push service refused the message (${status}): ${answer.body.slice(0, 200)}`,
    false,
  );
}

/** What the browser's service worker receives: the text to show and the app's data. */
function renderPayload(message: WebPushMessage): string {
  return JSON.stringify({ title: message.title, body: message.body, data: message.data ?? {} });
}

/**
 * The encrypted, signed request for a message, or why it can never be sent. The library refuses a
 * subscription it cannot encrypt for (bad keys, bad endpoint): that subscription is gone for good.
 */
function preparePushRequest(
  message: WebPushMessage,
  vapidDetails: NonNullable<webPush.RequestOptions['vapidDetails']>,
  allowHttp: boolean,
): { endpoint: URL; request: ProviderRequest } | DeliveryOutcome {
  if (!Number.isInteger(message.ttlSeconds) || message.ttlSeconds < 0) {
    return permanentOutcome(`invalid time to live: ${message.ttlSeconds}`, false);
  }
  let details: webPush.RequestDetails;
  let endpoint: URL;
  try {
    details = webPush.generateRequestDetails(message.subscription, renderPayload(message), {
      vapidDetails,
      TTL: message.ttlSeconds,
      urgency: message.urgency,
      contentEncoding: 'aes128gcm',
    });
    endpoint = new URL(details.endpoint);
  } catch (error) {
    return permanentOutcome(`unusable push subscription: ${(error as Error).message}`, true);
  }
  if (endpoint.protocol !== 'https:' && !(allowHttp && endpoint.protocol === 'http:')) {
    return permanentOutcome(`push endpoint must be https, got ${endpoint.protocol}`, true);
  }
  return { endpoint, request: { method: 'POST', headers: details.headers, body: details.body ?? '' } };
}

/**
 * Web Push through the `web-push` library: it encrypts (RFC 8291, aes128gcm) and signs (VAPID), and this
 * adapter sends the request itself, over http or https, with a timeout (`sendNotification` only speaks https).
 */
export function createWebPushSender(options: SenderOptions<ConfiguredWebPushSettings>): WebPushSender {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const vapidDetails = {
    subject: settings.VAPID_SUBJECT,
    publicKey: settings.VAPID_PUBLIC_KEY,
    privateKey: settings.VAPID_PRIVATE_KEY,
  };
  try {
    webPush.getVapidHeaders(
      'https://push.example',
      vapidDetails.subject,
      vapidDetails.publicKey,
      vapidDetails.privateKey,
      'aes128gcm',
    );
  } catch (error) {
    throw new ConfigError([
      { key: 'VAPID_PUBLIC_KEY', reason: `not a usable VAPID key pair: ${(error as Error).message}` },
    ]);
  }
  const client = createProviderHttpClient({ timeoutMs: settings.WEB_PUSH_TIMEOUT_MS });
  return {
    channel: 'web-push',
    provider: () => 'web-push',
    async send(message) {
      const prepared = preparePushRequest(message, vapidDetails, settings.WEB_PUSH_ALLOW_HTTP);
      if ('kind' in prepared) return prepared;
      const answer = await client.request(prepared.endpoint, prepared.request);
      return classifyWebPushAnswer(answer, now());
    },
    close: () => client.close(),
  };
}
