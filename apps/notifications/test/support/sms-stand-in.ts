import { randomBytes } from 'node:crypto';
import { jsonAnswer, startHttpStandIn, type StandInAnswer, type StandInRequest } from '@homeport/testing';

/** A text message the provider accepted. */
export interface AcceptedSms {
  readonly to: string;
  readonly from: string;
  readonly body: string;
}

/** The SMS provider stand-in, and what it saw. */
export interface SmsStandIn {
  readonly url: string;
  readonly accepted: AcceptedSms[];
  /** Makes every message to the number answer this (`undefined` answer: never answers). */
  script(to: string, answer: StandInAnswer): void;
  close(): Promise<void>;
}

/** Twilio's error resource (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
export function twilioError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): StandInAnswer {
  return jsonAnswer(
    status,
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    headers,
  );
}

/**
 * Provider stand-in for an SMS provider with Twilio's Messages API shape: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body, Basic authentication
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
 */
export async function startSmsStandIn(options: {
  readonly accountSid: string;
  readonly authToken: string;
}): Promise<SmsStandIn> {
  const accepted: AcceptedSms[] = [];
  const scripts = new Map<string, StandInAnswer>();
  const expectedAuthorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const messagesPath = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;

  function createMessage(request: StandInRequest): StandInAnswer {
    if (request.headers.authorization !== expectedAuthorization)
      return twilioError(401, 20003, 'Authenticate');
    const form = new URLSearchParams(request.body);
    const [to, from, body] = [form.get('To'), form.get('From'), form.get('Body')];
    if (to === null || from === null || body === null)
      return twilioError(400, 21604, "A 'To' phone number is required.");
    if (scripts.has(to)) return scripts.get(to);
    accepted.push({ to, from, body });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    return jsonAnswer(201, { sid, account_sid: options.accountSid, to, from, body, status: 'queued' });
  }

  const server = await startHttpStandIn((request) =>
    request.method === 'POST' && request.path === messagesPath
      ? createMessage(request)
      : twilioError(404, 20404, 'The requested resource was not found'),
  );
  return {
    url: server.url,
    accepted,
    script: (to, answer) => scripts.set(to, answer),
    close: () => server.close(),
  };
}
