import { markSecret } from '@homeport/config';
import { Type, type Static, type TObject } from 'typebox';
import type { DeliveryOutcome, MobilePushMessage, MobilePushSender } from '../domain/channels';
import { readPrivateKeySetting, type SenderOptions, type WithKeys } from './channel-settings';
import { createProviderHttpClient, type ProviderAnswer } from './provider-http';
import {
  isRetryableStatus,
  parseJsonObject,
  permanentOutcome,
  retryLaterOutcome,
  transientOutcome,
} from './provider-answers';
import { createServiceAccountTokens } from './service-account-tokens';

/** Firebase Cloud Messaging (HTTP v1) settings, keyed by environment variable; from the service account's key file. */
export const fcmSettingsSchema = {
  FCM_PROJECT_ID: Type.Optional(Type.String({ pattern: '^[a-z0-9-]+$' })),
  /** The service account's `client_email`. */
  FCM_CLIENT_EMAIL: Type.Optional(Type.String({ minLength: 3 })),
  /** The service account's `private_key` (PEM; line breaks may be written `\n`). */
  FCM_PRIVATE_KEY: Type.Optional(markSecret(Type.String({ minLength: 1 }))),
  FCM_URL: Type.String({ default: 'https://fcm.googleapis.com', format: 'uri' }),
  /** The service account's `token_uri`. */
  FCM_TOKEN_URL: Type.String({ default: 'https://oauth2.googleapis.com/token', format: 'uri' }),
  FCM_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
};

/** The FCM settings as loaded. */
export type FcmSettings = Static<TObject<typeof fcmSettingsSchema>>;

/** The keys that switch FCM on (all or none). */
export const fcmCredentialKeys = ['FCM_PROJECT_ID', 'FCM_CLIENT_EMAIL', 'FCM_PRIVATE_KEY'] as const;

const messagingScope = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * The error code (the FcmError detail's, else the google.rpc.Status name) and the fields a BadRequest detail
 * names, from FCM's error body; undefined when the body is not such an error.
 */
function readFcmError(body: string): { code: string; fields: string[] } | undefined {
  const error = parseJsonObject(body)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { details, status } = error as { details?: unknown; status?: unknown };
  const entries = Array.isArray(details) ? (details as Record<string, unknown>[]) : [];
  const errorCode = entries.map((entry) => entry.errorCode).find((code) => typeof code === 'string');
  const code = errorCode ?? status;
  if (typeof code !== 'string') return undefined;
  const fields = entries
    .flatMap((entry) =>
      Array.isArray(entry.fieldViolations) ? (entry.fieldViolations as { field?: unknown }[]) : [],
    )
    .map((violation) => String(violation.field));
  return { code, fields };
}

/**
 * What FCM's answer to messages:send means
 * (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode). A 401 is transient here: the sender
 * renews its access token once before it gets this far. A 403 or 404 that does not name the token
 * (PERMISSION_DENIED, a wrong project) is the deployment's to fix, so transient too: the message is kept.
 */
export function classifyFcmAnswer(answer: ProviderAnswer, nowMs: number): DeliveryOutcome {
  if (!answer.answered) return transientOutcome(`fcm: ${answer.reason}`);
  const { status } = answer;
  if (status === 200) {
    const name = parseJsonObject(answer.body)?.name;
    return typeof name === 'string'
      ? { kind: 'delivered', providerMessageId: name }
      : transientOutcome('fcm gave a malformed answer');
  }
  const error = readFcmError(answer.body);
  if (isRetryableStatus(status) || status === 401) {
    return retryLaterOutcome(`fcm: ${error?.code ?? `HTTP ${status}`}`, answer, nowMs);
  }
  if (error === undefined) return transientOutcome(`fcm gave a malformed answer (${status})`);
  const reason = `fcm: ${error.code}`;
  if (error.code === 'UNREGISTERED' || error.code === 'SENDER_ID_MISMATCH')
    return permanentOutcome(reason, true);
  if (error.code === 'INVALID_ARGUMENT' && error.fields.includes('message.token')) {
    return permanentOutcome(`${reason} (registration token)`, true);
  }
  if (status === 403 || status === 404) return transientOutcome(reason);
  return permanentOutcome(reason, false);
}

/** The HTTP v1 message (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages). */
function renderFcmMessage(message: MobilePushMessage): string {
  return JSON.stringify({
    message: {
      token: message.token,
      notification: { title: message.title, body: message.body },
      data: message.data ?? {},
      android: { priority: message.urgency === 'high' ? 'HIGH' : 'NORMAL', ttl: `${message.ttlSeconds}s` },
    },
  });
}

/** Mobile push to Android (and FCM-registered iOS) apps through FCM HTTP v1, authenticated as a service account. */
export function createFcmSender(
  options: SenderOptions<WithKeys<FcmSettings, (typeof fcmCredentialKeys)[number]>>,
): MobilePushSender {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const client = createProviderHttpClient({ timeoutMs: settings.FCM_TIMEOUT_MS });
  const tokens = createServiceAccountTokens({
    clientEmail: settings.FCM_CLIENT_EMAIL,
    privateKey: readPrivateKeySetting('FCM_PRIVATE_KEY', settings.FCM_PRIVATE_KEY),
    tokenUrl: new URL(settings.FCM_TOKEN_URL),
    scope: messagingScope,
    client,
    now,
  });
  const sendUrl = new URL(`/v1/projects/${settings.FCM_PROJECT_ID}/messages:send`, settings.FCM_URL);

  async function post(body: string): Promise<{ answer: ProviderAnswer; token: string } | { failed: string }> {
    const access = await tokens.get();
    if ('failed' in access) return access;
    const headers = {
      authorization: `Bearer ${access.token}`,
      'content-type': 'application/json; charset=utf-8',
    };
    const answer = await client.request(sendUrl, { method: 'POST', headers, body });
    return { answer, token: access.token };
  }

  return {
    channel: 'mobile-push',
    provider: () => 'fcm',
    async send(message) {
      const body = renderFcmMessage(message);
      let attempt = await post(body);
      if (!('failed' in attempt) && attempt.answer.answered && attempt.answer.status === 401) {
        // The token was revoked or expired early: renew it once; a second refusal is a credentials problem.
        tokens.invalidate(attempt.token);
        attempt = await post(body);
      }
      if ('failed' in attempt) return transientOutcome(`fcm: ${attempt.failed}`);
      return classifyFcmAnswer(attempt.answer, now());
    },
    close: () => client.close(),
  };
}
