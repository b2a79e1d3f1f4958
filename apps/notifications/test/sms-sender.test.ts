import { randomInt } from 'node:crypto';
import type { SmsMessage } from '../src/domain/channels';
import { createSmsSender, type SmsSettings } from '../src/adapters/sms-sender';
import { jsonAnswer } from '@homeport/testing';
import { startSmsStandIn, twilioError, type SmsStandIn } from './support/sms-stand-in';

const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
const authToken = 'sms-auth-token-for-tests';

function newNumber(): string {
  return `+4479${String(randomInt(10_000_000, 99_999_999))}`;
}

function smsTo(to: string): SmsMessage {
  return { to, body: 'Homeport: smoke detected in the hallway' };
}

describe('the SMS sender against a provider stand-in with the Twilio Messages API shape', () => {
  let sms: SmsStandIn;
  let settings: SmsSettings & { SMS_ACCOUNT_SID: string; SMS_AUTH_TOKEN: string; SMS_FROM: string };

  beforeEach(async () => {
    sms = await startSmsStandIn({ accountSid, authToken });
    settings = {
      SMS_URL: sms.url,
      SMS_ACCOUNT_SID: accountSid,
      SMS_AUTH_TOKEN: authToken,
      SMS_FROM: '+15017122661',
      SMS_TIMEOUT_MS: 2000,
    };
  });
  afterEach(async () => {
    await sms.close();
  });

  it('delivers a text from the configured number and keeps the message sid', async () => {
    const sender = createSmsSender({ settings });
    const to = newNumber();

    const outcome = await sender.send(smsTo(to));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'delivered',
      providerMessageId: expect.stringMatching(/^SM/) as unknown,
    });
    expect(sms.accepted).toEqual([
      { to, from: '+15017122661', body: 'Homeport: smoke detected in the hallway' },
    ]);
  });

  it.each([
    [21211, "The 'To' number is not a valid phone number."],
    [21610, 'Attempt to send to unsubscribed recipient'],
  ])('reports error %i as a number gone, so it is marked', async (code, message) => {
    const sender = createSmsSender({ settings });
    const to = newNumber();
    sms.script(to, twilioError(400, code, message));

    const outcome = await sender.send(smsTo(to));
    await sender.close();

    expect(outcome).toEqual({ kind: 'permanent', reason: `sms: ${code} ${message}`, addressGone: true });
  });

  it('reports another refusal as permanent, the number kept', async () => {
    const sender = createSmsSender({ settings });
    const to = newNumber();
    sms.script(
      to,
      twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
    );

    const outcome = await sender.send(smsTo(to));
    await sender.close();

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: false });
  });

  it.each([
    [429, 20429, { 'retry-after': '20' }, 20_000],
    [500, 20500, {}, undefined],
    [503, 20503, {}, undefined],
  ])('reports %i as transient', async (status, code, headers, retryAfterMs) => {
    const sender = createSmsSender({ settings });
    const to = newNumber();
    sms.script(to, twilioError(status, code, 'try later', headers));

    const outcome = await sender.send(smsTo(to));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'transient',
      reason: `sms provider answered ${status}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  });

  it('reports refused credentials as transient (the operator fixes them; the message is kept)', async () => {
    const sender = createSmsSender({ settings: { ...settings, SMS_AUTH_TOKEN: 'wrong' } });

    const outcome = await sender.send(smsTo(newNumber()));
    await sender.close();

    expect(outcome).toEqual({ kind: 'transient', reason: 'sms: 20003 Authenticate' });
  });

  it.each([
    ['an acceptance without a sid', jsonAnswer(201, { status: 'queued' })],
    ['an error that is not JSON', { status: 400, body: 'Bad Request' }],
  ])('reports %s as a transient malformed answer', async (_case, answer) => {
    const sender = createSmsSender({ settings });
    const to = newNumber();
    sms.script(to, answer);

    const outcome = await sender.send(smsTo(to));
    await sender.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('malformed') as unknown,
    });
  });

  it('gives up on a provider that does not answer in time, as a transient failure', async () => {
    const sender = createSmsSender({ settings: { ...settings, SMS_TIMEOUT_MS: 200 } });
    const to = newNumber();
    sms.script(to, undefined);

    const outcome = await sender.send(smsTo(to));
    await sender.close();

    expect(outcome).toEqual({ kind: 'transient', reason: 'sms: no answer within 200 ms' });
  });

  it('refuses a number that is not E.164 without calling the provider', async () => {
    const sender = createSmsSender({ settings });

    const outcome = await sender.send(smsTo('0044 79 1234'));
    await sender.close();

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: true });
    expect(sms.accepted).toEqual([]);
  });
});
