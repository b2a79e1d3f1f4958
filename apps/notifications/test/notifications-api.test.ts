import { requestJson } from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import webPush from 'web-push';
import type { RunningWorker } from '@homeport/service-runtime';
import { createUnsubscribeToken } from '../src/domain/unsubscribe-token';
import { createHarness, testApiToken, testUnsubscribeSecret, type Harness } from './support/harness';
import { startSmsStandIn, type SmsStandIn } from './support/sms-stand-in';

const vapid = webPush.generateVAPIDKeys();
const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
const browser = (endpoint: string) => ({
  endpoint,
  keys: { p256dh: vapid.publicKey, auth: 'c2VjcmV0LWF1dGgta2V5' },
  label: 'Firefox on a laptop',
});

// The service, its servers and a push service start in beforeAll; 2 shared cores can make that slow.
jest.setTimeout(30_000);

describe('the internal API: preferences and addresses of one user at a time, behind the service token', () => {
  let harness: Harness;
  let service: RunningWorker;
  let sms: SmsStandIn;
  const call = <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(service.url, method, path, { token: testApiToken, body });

  beforeAll(async () => {
    sms = await startSmsStandIn({ accountSid, authToken: 'sms-auth-token' });
    harness = await createHarness('notif_api', {
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:operators@homeport.test',
      SMS_URL: sms.url,
      SMS_ACCOUNT_SID: accountSid,
      SMS_AUTH_TOKEN: 'sms-auth-token',
      SMS_FROM: '+15017122661',
    });
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
    await sms.close();
  });

  it('refuses a call without the token (401) and leaves /health open', async () => {
    const userId = randomUUID();
    const anonymous = await requestJson<{ code: string }>(service.url, 'GET', `/users/${userId}/preferences`);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const wrong = await requestJson<{ code: string }>(service.url, 'GET', `/users/${userId}/preferences`, {
      token: `${testApiToken}x`,
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  it('answers the defaults for the addresses a user has, then what they chose; a bad body names the field', async () => {
    const user = await harness.addUser();
    const defaults = await call(`GET`, `/users/${user.userId}/preferences`);
    expect(defaults.body).toEqual({
      channels: { alert: ['email'], presence: [], geofence: [] },
      quietHours: null,
      digest: { at: '08:00' },
    });
    const chosen = {
      channels: { alert: ['email', 'sms'], presence: ['web-push'], geofence: [] },
      quietHours: { from: '22:30', to: '07:00' },
      digest: null,
    };
    expect(await call('PUT', `/users/${user.userId}/preferences`, chosen)).toMatchObject({ status: 200 });
    expect((await call('GET', `/users/${user.userId}/preferences`)).body).toEqual(chosen);

    const bad = await call<{ code: string; details: { fields: { path: string }[] } }>(
      'PUT',
      `/users/${user.userId}/preferences`,
      { ...chosen, quietHours: { from: '25:00', to: '07:00' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.details.fields)).toContain('quietHours');
  });

  it('answers the VAPID public key browsers subscribe with, to the token holder only', async () => {
    expect(await call('GET', '/web-push/key')).toMatchObject({
      status: 200,
      body: { publicKey: vapid.publicKey },
    });
    expect((await requestJson(service.url, 'GET', '/web-push/key')).status).toBe(401);
  });

  it('refuses a push endpoint off the known push services (SSRF) and past 10 browsers', async () => {
    const userId = randomUUID();
    for (const endpoint of [
      'https://169.254.169.254/latest/meta-data',
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://user:pw@fcm.googleapis.com/fcm/send/abc',
    ]) {
      const refused = await call<{ code: string }>(
        'POST',
        `/users/${userId}/push-subscriptions`,
        browser(endpoint),
      );
      expect(refused).toMatchObject({ status: 400, body: { code: 'PUSH_ENDPOINT_NOT_ALLOWED' } });
    }
    for (let index = 0; index < 10; index += 1) {
      const endpoint = `https://fcm.googleapis.com/fcm/send/browser-${index}`;
      const added = await call('POST', `/users/${userId}/push-subscriptions`, browser(endpoint));
      expect(added).toMatchObject({ status: 201, body: { endpointOrigin: 'https://fcm.googleapis.com' } });
    }
    const again = await call(
      'POST',
      `/users/${userId}/push-subscriptions`,
      browser('https://fcm.googleapis.com/fcm/send/browser-3'),
    );
    expect(again.status).toBe(201);
    const eleventh = await call<{ code: string }>(
      'POST',
      `/users/${userId}/push-subscriptions`,
      browser('https://a.notify.windows.com/w/?token=eleven'),
    );
    expect(eleventh).toMatchObject({ status: 409, body: { code: 'PUSH_SUBSCRIPTION_LIMIT' } });
  });

  it("never shows or removes one user's addresses through another user's id", async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const added = await call<{ id: string }>(
      'POST',
      `/users/${alice}/push-subscriptions`,
      browser('https://updates.push.services.mozilla.com/wpush/v2/alice'),
    );
    const device = await call<{ id: string }>('POST', `/users/${alice}/mobile-devices`, {
      platform: 'fcm',
      token: 'fcm-token-of-alice-0123',
    });
    expect(device.status).toBe(409); // no FCM credentials here: the channel is not offered
    expect((await call<{ items: unknown[] }>('GET', `/users/${bob}/push-subscriptions`)).body.items).toEqual(
      [],
    );
    const removed = await call<{ code: string }>(
      'DELETE',
      `/users/${bob}/push-subscriptions/${added.body.id}`,
    );
    expect(removed).toMatchObject({ status: 404, body: { code: 'PUSH_SUBSCRIPTION_NOT_FOUND' } });
    const aliceList = await call<{ items: { id: string }[] }>('GET', `/users/${alice}/push-subscriptions`);
    expect(aliceList.body.items.map((item) => item.id)).toEqual([added.body.id]);
    expect(JSON.stringify(aliceList.body)).not.toContain('p256dh');
    expect((await call('GET', `/users/${bob}/deliveries`)).body).toEqual({ items: [] });
  });

  it('confirms a phone number with the code texted to it, and burns the code after 5 wrong tries', async () => {
    const user = await harness.addUser({ locale: 'fr' });
    const phoneNumber = '+33612345678';
    const set = await call('PUT', `/users/${user.userId}/phone`, { phoneNumber });
    expect(set.body).toEqual({ phoneNumber: '+*********78', confirmed: false });
    const text = await waitForSms(sms, phoneNumber);
    expect(text).toMatch(/^Votre code Homeport : \d{6}\./);
    const code = /\d{6}/.exec(text)?.[0] ?? '';
    const wrong = code === '000000' ? '000001' : '000000';
    expect(await call('POST', `/users/${user.userId}/phone/confirm`, { code: wrong })).toMatchObject({
      status: 400,
      body: { code: 'PHONE_CODE_INVALID' },
    });
    expect((await call('POST', `/users/${user.userId}/phone/confirm`, { code })).body).toEqual({
      phoneNumber: '+*********78',
      confirmed: true,
    });
    const prefs = await call<{ channels: { alert: string[] } }>('GET', `/users/${user.userId}/preferences`);
    expect(prefs.body.channels.alert).toEqual(['email']);

    const other = await harness.addUser();
    await call('PUT', `/users/${other.userId}/phone`, { phoneNumber: '+33700000001' });
    const answers: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const answer = await call<{ code: string }>('POST', `/users/${other.userId}/phone/confirm`, {
        code: wrong,
      });
      answers.push(answer.body.code);
    }
    expect(answers.slice(4)).toEqual(['PHONE_CODE_INVALID', 'PHONE_CODE_ATTEMPTS_EXCEEDED']);
  });

  it('an unsubscribe token takes its channel out of its category; a tampered one is refused', async () => {
    const user = await harness.addUser();
    const token = createUnsubscribeToken(testUnsubscribeSecret, {
      userId: user.userId,
      category: 'alert',
      channel: 'email',
    });
    const tampered = token.replace(user.userId, randomUUID());
    const refused = await requestJson<{ code: string }>(service.url, 'POST', '/unsubscribe', {
      token: testApiToken,
      body: { token: tampered },
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'UNSUBSCRIBE_TOKEN_INVALID' } });
    const done = await call('POST', '/unsubscribe', { token });
    expect(done.body).toEqual({ category: 'alert', channel: 'email' });
    const prefs = await call<{ channels: { alert: string[] } }>('GET', `/users/${user.userId}/preferences`);
    expect(prefs.body.channels.alert).toEqual([]);
  });
});

async function waitForSms(sms: SmsStandIn, to: string): Promise<string> {
  const { waitForValue } = await import('@homeport/testing');
  return waitForValue(
    () => Promise.resolve(sms.accepted.find((text) => text.to === to)?.body),
    `an SMS to ${to}`,
  );
}
