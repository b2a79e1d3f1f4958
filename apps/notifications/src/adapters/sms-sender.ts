import { markSecret } from '@homeport/config';
import { Type, type Static, type TObject } from 'typebox';
import type { DeliveryOutcome, SmsSender } from '../domain/channels';
import type { SenderOptions, WithKeys } from './channel-settings';
import { createProviderHttpClient, type ProviderAnswer } from './provider-http';
import {
  isRetryableStatus,
  parseJsonObject,
  permanentOutcome,
  retryLaterOutcome,
  transientOutcome,
} from './provider-answers';

const e164Pattern = '^\\+[1-9][0-9]{1,14}$';

/** SMS settings, keyed by environment variable: a provider speaking Twilio's Messages API. */
export const smsSettingsSchema = {
  SMS_URL: Type.String({ default: 'https://api.twilio.com', format: 'uri' }),
  /** The account SID (`AC…` at Twilio): the user name of Basic authentication and part of the path. */
  SMS_ACCOUNT_SID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]+$' })),
  SMS_AUTH_TOKEN: Type.Optional(markSecret(Type.String({ minLength: 1 }))),
  /** The sending number, E.164. */
  SMS_FROM: Type.Optional(Type.String({ pattern: e164Pattern })),
  SMS_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
};

/** The SMS settings as loaded. */
export type SmsSettings = Static<TObject<typeof smsSettingsSchema>>;

/** The keys that switch SMS on (all or none). */
export const smsCredentialKeys = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'] as const;

/**
 * Twilio error codes that say the number itself cannot receive: 21211 invalid To, 21610 the recipient
 * replied STOP, 21614 not a mobile number (https://www.twilio.com/docs/api/errors).
 */
const goneCodes = new Set([21211, 21610, 21614]);

/**
 * What the Messages API answered (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
 * 201 with the message resource, or an error resource `{ code, message, status }`. A 401 is transient: the
 * credentials are the operator's to fix, the message is kept.
 */
export function classifySmsAnswer(answer: ProviderAnswer, nowMs: number): DeliveryOutcome {
  if (!answer.answered) return transientOutcome(`sms: ${answer.reason}`);
  const { status } = answer;
  const body = parseJsonObject(answer.body);
  if (status === 200 || status === 201) {
    const sid = body?.sid;
    return typeof sid === 'string'
      ? { kind: 'delivered', providerMessageId: sid }
      : transientOutcome('sms provider gave a malformed answer');
  }
  if (isRetryableStatus(status)) return retryLaterOutcome(`sms provider answered ${status}`, answer, nowMs);
  const code = body?.code;
  if (typeof code !== 'number') return transientOutcome(`sms provider gave a malformed answer (${status})`);
  const reason = typeof body?.message === 'string' ? `sms: ${code} ${body.message}` : `sms: ${code}`;
  if (status === 401) return transientOutcome(reason);
  return permanentOutcome(reason, goneCodes.has(code));
}

/** Text messages through an HTTP provider with Twilio's Messages API shape, Basic authentication. */
export function createSmsSender(
  options: SenderOptions<WithKeys<SmsSettings, (typeof smsCredentialKeys)[number]>>,
): SmsSender {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const client = createProviderHttpClient({ timeoutMs: settings.SMS_TIMEOUT_MS });
  const messagesUrl = new URL(
    `/2010-04-01/Accounts/${settings.SMS_ACCOUNT_SID}/Messages.json`,
    settings.SMS_URL,
  );
  const credentials = Buffer.from(`${settings.SMS_ACCOUNT_SID}:${settings.SMS_AUTH_TOKEN}`).toString(
    'base64',
  );
  const e164 = new RegExp(e164Pattern);
  return {
    channel: 'sms',
    provider: () => 'sms',
    async send(message) {
      if (!e164.test(message.to)) return permanentOutcome('sms: not an E.164 phone number', true);
      const form = new URLSearchParams({ To: message.to, From: settings.SMS_FROM, Body: message.body });
      const answer = await client.request(messagesUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${credentials}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      });
      return classifySmsAnswer(answer, now());
    },
    close: () => client.close(),
  };
}
