import { notificationRequestedV1 } from '@homeport/contracts';
import { requestJson, waitFor, waitForValue } from '@homeport/testing';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import webPush from 'web-push';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, testApiToken, waitForRow, type Harness } from './support/harness';
import { startApnsStandIn, type ApnsStandIn } from './support/apns-stand-in';
import { startFcmStandIn, type FcmStandIn } from './support/fcm-stand-in';
import { startSmsStandIn, type SmsStandIn } from './support/sms-stand-in';
import { startWebPushService, type TestWebPushService } from './support/web-push-service';

const vapid = webPush.generateVAPIDKeys();
const hourMs = 3_600_000;
const fcmKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apnsKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const apnsIdentity = { keyId: 'KEY1234567', teamId: 'TEAM123456', bundleId: 'org.homeport.app' };
const fcmAccount = { projectId: 'homeport-mobile', clientEmail: 'push@homeport.test' };
const smsAccount = { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: 'sms-auth-token' };

/** `HH:MM` in the time zone, `offsetMinutes` from now. */
function localTime(timeZone: string, offsetMinutes: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + offsetMinutes * 60_000));
}

// The service, its servers and a push service start in beforeAll; 2 shared cores can make that slow.
jest.setTimeout(30_000);

describe('notifications routed by preferences: channels, quiet hours, digests, rate limit, unsubscribe', () => {
  let harness: Harness;
  let service: RunningWorker;
  let pushService: TestWebPushService;
  let fcm: FcmStandIn;
  let apns: ApnsStandIn;
  let sms: SmsStandIn;
  let clockOffsetMs = 0;
  const call = <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(service.url, method, path, { token: testApiToken, body });
  const emailsTo = (address: string) => harness.smtp.receivedBy(address);
  const waitForEmails = (address: string, count: number) =>
    waitFor(() => Promise.resolve(emailsTo(address).length >= count), `${count} emails to ${address}`);
  const statusesOf = async (userId: string) =>
    (
      await harness.pool.query<{ status: string }>(
        'SELECT status FROM notifications.outbox WHERE user_id = $1 AND category <> $2 ORDER BY id',
        [userId, 'digest'],
      )
    ).rows.map((row) => row.status);

  beforeAll(async () => {
    pushService = await startWebPushService();
    fcm = await startFcmStandIn({ ...fcmAccount, publicKey: fcmKeys.publicKey });
    apns = await startApnsStandIn({ ...apnsIdentity, publicKey: apnsKeys.publicKey });
    sms = await startSmsStandIn(smsAccount);
    harness = await createHarness('notif_prefs', {
      FCM_PROJECT_ID: fcmAccount.projectId,
      FCM_CLIENT_EMAIL: fcmAccount.clientEmail,
      FCM_PRIVATE_KEY: fcmKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      FCM_URL: fcm.url,
      FCM_TOKEN_URL: fcm.tokenUrl,
      APNS_KEY_ID: apnsIdentity.keyId,
      APNS_TEAM_ID: apnsIdentity.teamId,
      APNS_PRIVATE_KEY: apnsKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      APNS_BUNDLE_ID: apnsIdentity.bundleId,
      APNS_URL: apns.url,
      APNS_CA: apns.ca,
      SMS_URL: sms.url,
      SMS_ACCOUNT_SID: smsAccount.accountSid,
      SMS_AUTH_TOKEN: smsAccount.authToken,
      SMS_FROM: '+15017122661',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:operators@homeport.test',
      WEB_PUSH_ALLOW_HTTP: 'true',
      WEB_PUSH_ALLOWED_HOSTS: 'localhost',
      RATE_LIMIT_PER_HOUR: '3',
      DIGEST_POLL_MS: '50',
      PUBLIC_API_URL: 'https://api.homeport.test',
    });
    service = await harness.startService(() => Date.now() + clockOffsetMs);
  });
  afterAll(async () => {
    await harness.close();
    await pushService.stop();
    await fcm.close();
    await apns.close();
    await sms.close();
  });
  beforeEach(() => {
    clockOffsetMs = 0;
  });

  it('an alert reaches the SMTP server in French and the push service, both logged delivered; its unsubscribe link works', async () => {
    const user = await harness.addUser({ locale: 'fr', timeZone: 'Europe/Paris' });
    const { subscription, clientHash } = await pushService.subscribe(vapid.publicKey);
    const added = await call('POST', `/users/${user.userId}/push-subscriptions`, subscription);
    expect(added.status).toBe(201);

    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));

    await waitForEmails(user.email, 1);
    const [email] = emailsTo(user.email);
    expect(email?.subject).toBe('[Critique] Boiler too hot : Boiler thermostat indique 92,5 °C');
    expect(email?.headers['list-unsubscribe']).toContain(
      'https://api.homeport.test/v1/notifications/unsubscribe?token=',
    );
    expect(email?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const pushes = await waitForValue(async () => {
      const received = await pushService.readNotifications(clientHash);
      return received.length > 0 ? received : undefined;
    }, 'the push message');
    expect(JSON.parse(pushes[0] ?? '{}')).toMatchObject({
      title: 'Critique : Boiler too hot',
      body: 'Boiler thermostat indique 92,5 °C',
    });
    const log = await waitForValue(async () => {
      const page = await call<{ items: { channel: string; outcome: string; template: string }[] }>(
        'GET',
        `/users/${user.userId}/deliveries`,
      );
      return page.body.items.length === 2 ? page.body : undefined;
    }, 'two attempts logged');
    expect(log.items.map((item) => [item.channel, item.outcome, item.template]).sort()).toEqual([
      ['email', 'delivered', 'alert.triggered'],
      ['web-push', 'delivered', 'alert.triggered'],
    ]);
    expect(JSON.stringify(log)).not.toContain(user.email);
    const operators = await call<{ items: unknown[] }>(
      'GET',
      `/deliveries?userId=${user.userId}&channel=email`,
    );
    expect(operators.body.items).toHaveLength(1);

    const token = decodeURIComponent(/unsubscribe\?token=([^\s>]+)/.exec(email?.text ?? '')?.[1] ?? '');
    expect(await call('POST', '/unsubscribe', { token })).toMatchObject({
      status: 200,
      body: { category: 'alert', channel: 'email' },
    });
    const preferences = await call<{ channels: { alert: string[] } }>(
      'GET',
      `/users/${user.userId}/preferences`,
    );
    expect(preferences.body.channels.alert).toEqual(['web-push']);
  });

  it('an alert the user wants on the app and by SMS reaches FCM, APNs and the confirmed phone; an arrival they want on the app only, the app', async () => {
    const user = await harness.addUser();
    const token = `fcm-token-${user.userId}`;
    const iphone = randomBytes(32).toString('hex');
    for (const installation of [
      { platform: 'fcm', token },
      { platform: 'apns', token: iphone },
    ]) {
      const added = await call('POST', `/users/${user.userId}/mobile-devices`, installation);
      expect(added.status).toBe(201);
    }
    const phoneNumber = `+4479${String(Date.now()).slice(-8)}`;
    await call('PUT', `/users/${user.userId}/phone`, { phoneNumber });
    const codeText = await waitForValue(
      () => Promise.resolve(sms.accepted.find((text) => text.to === phoneNumber)?.body),
      'the code by SMS',
    );
    const code = /\d{6}/.exec(codeText)?.[0] ?? '';
    expect((await call('POST', `/users/${user.userId}/phone/confirm`, { code })).status).toBe(200);
    await call('PUT', `/users/${user.userId}/preferences`, {
      channels: { alert: ['mobile-push', 'sms'], presence: ['mobile-push'], geofence: [] },
      quietHours: null,
      digest: null,
    });

    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));

    const pushed = await waitForValue(
      () => Promise.resolve(fcm.accepted.find((accepted) => accepted.message.token === token)),
      'the FCM message',
    );
    expect(pushed.message.notification).toEqual({
      title: 'Critical: Boiler too hot',
      body: 'Boiler thermostat reads 92.5 °C',
    });
    expect(pushed.message.android.priority).toBe('HIGH');
    const onIphone = await waitForValue(
      () => Promise.resolve(apns.accepted.find((accepted) => accepted.deviceToken === iphone)),
      'the APNs notification',
    );
    expect(onIphone.payload).toMatchObject({
      aps: { alert: { title: 'Critical: Boiler too hot', body: 'Boiler thermostat reads 92.5 °C' } },
    });
    expect(onIphone.headers).toMatchObject({ priority: '10', topic: apnsIdentity.bundleId });
    await waitFor(
      () => Promise.resolve(sms.accepted.filter((text) => text.to === phoneNumber).length === 2),
      'the alert by SMS',
    );
    expect(sms.accepted.filter((text) => text.to === phoneNumber)[1]?.body).toBe(
      'Homeport: Critical: Boiler too hot. Boiler thermostat reads 92.5 °C',
    );

    // What public-api asks when another member of the home arrives (category presence, info).
    const arrival = {
      category: 'presence',
      severity: 'info',
      template: 'presence.member-arrived',
      data: { homeName: 'Chalet', memberName: 'grace@example.com', at: Date.now() - 1_000 },
    } as const;
    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId, arrival));
    const arrivalOf = (title: string | undefined, body: string | undefined) =>
      title === 'Chalet' && body === 'grace@example.com arrived home';
    await waitForValue(
      () =>
        Promise.resolve(
          fcm.accepted.find(
            (accepted) =>
              accepted.message.token === token &&
              arrivalOf(accepted.message.notification.title, accepted.message.notification.body),
          ),
        ),
      'the arrival on FCM',
    );
    const arrivalOnIphone = await waitForValue(
      () =>
        Promise.resolve(
          apns.accepted.find(
            (accepted) =>
              accepted.deviceToken === iphone && JSON.stringify(accepted.payload).includes('arrived home'),
          ),
        ),
      'the arrival on APNs',
    );
    expect(arrivalOnIphone.payload).toMatchObject({
      aps: { alert: { title: 'Chalet', body: 'grace@example.com arrived home' } },
    });
    const arrivalRows = await harness.pool.query<{ channel: string }>(
      'SELECT channel FROM notifications.outbox WHERE user_id = $1 AND category = $2 ORDER BY channel',
      [user.userId, 'presence'],
    );
    expect(arrivalRows.rows).toEqual([{ channel: 'mobile-push' }, { channel: 'mobile-push' }]);
    expect(sms.accepted.filter((text) => text.to === phoneNumber)).toHaveLength(2);
    expect(emailsTo(user.email)).toEqual([]);
  });

  it('a push subscription the push service answers 410 for is removed', async () => {
    const user = await harness.addUser();
    const { subscription, clientHash } = await pushService.subscribe(vapid.publicKey);
    await call('POST', `/users/${user.userId}/push-subscriptions`, subscription);
    await pushService.expire(clientHash);

    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));

    await waitFor(async () => {
      const list = await call<{ items: unknown[] }>('GET', `/users/${user.userId}/push-subscriptions`);
      return list.body.items.length === 0;
    }, 'the subscription removed');
    // The attempt is logged just after the subscription is removed (the dispatcher forgets, then settles).
    await waitFor(
      async () => (await harness.deliveryLog(user.userId)).some((entry) => entry.provider === 'web-push'),
      'the push attempt logged',
    );
    const log = await harness.deliveryLog(user.userId);
    expect(log).toContainEqual({
      outcome: 'permanent',
      provider: 'web-push',
      reason: 'push subscription gone (410)',
    });
  });

  it('quiet hours hold a warning back and let a critical alert through; when they end, one digest lists the held ones', async () => {
    const timeZone = 'Asia/Tokyo';
    const user = await harness.addUser({ timeZone });
    await call('PUT', `/users/${user.userId}/preferences`, {
      channels: { alert: ['email'], presence: [], geofence: [] },
      quietHours: { from: localTime(timeZone, -60), to: localTime(timeZone, 60) },
      digest: null,
    });
    const warning = harness.alertFor(user.userId, {
      severity: 'warning',
      data: { ...notificationRequestedV1.example.data, ruleName: 'Window left open' },
    });
    await harness.bus.publish(notificationRequestedV1, warning);
    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));

    await waitForEmails(user.email, 1);
    await waitFor(
      async () => (await statusesOf(user.userId)).sort().join() === 'delivered,held',
      'both queued',
    );
    expect(emailsTo(user.email).map((email) => email.subject)).toEqual([
      '[Critical] Boiler too hot: Boiler thermostat reads 92.5 °C',
    ]);

    clockOffsetMs = 2 * hourMs;
    await waitForEmails(user.email, 2);
    const digest = emailsTo(user.email)[1];
    expect(digest?.subject).toBe('1 notification while you were away');
    expect(digest?.text).toContain('• [Warning] Window left open: Boiler thermostat reads 92.5 °C');
    expect((await statusesOf(user.userId)).sort()).toEqual(['delivered', 'digested']);
  });

  it('an info goes to the daily digest at its local time, with the others of the day, in one email', async () => {
    const timeZone = 'America/New_York';
    const user = await harness.addUser({ timeZone });
    await call('PUT', `/users/${user.userId}/preferences`, {
      channels: { alert: ['email'], presence: [], geofence: [] },
      quietHours: null,
      digest: { at: localTime(timeZone, 30) },
    });
    for (const ruleName of ['Filter due', 'Firmware updated']) {
      const info = harness.alertFor(user.userId, {
        severity: 'info',
        data: { ...notificationRequestedV1.example.data, ruleName },
      });
      await harness.bus.publish(notificationRequestedV1, info);
    }
    await harness.bus.publish(
      notificationRequestedV1,
      harness.alertFor(user.userId, { severity: 'warning' }),
    );

    await waitForEmails(user.email, 1);
    await waitFor(
      async () => (await statusesOf(user.userId)).sort().join() === 'delivered,held,held',
      'the infos held for the digest',
    );
    expect(emailsTo(user.email)[0]?.subject).toBe(
      '[Warning] Boiler too hot: Boiler thermostat reads 92.5 °C',
    );

    clockOffsetMs = 45 * 60_000;
    await waitForEmails(user.email, 2);
    const digest = emailsTo(user.email)[1];
    expect(digest?.subject).toBe('Your Homeport digest: 2 notifications');
    expect(digest?.text).toContain('Filter due');
    expect(digest?.text).toContain('Firmware updated');
    expect((await statusesOf(user.userId)).sort()).toEqual(['delivered', 'digested', 'digested']);
  });

  it('past the rate limit (3 an hour), even when 6 arrive at once the rest are held and come as one summary after the hour', async () => {
    const user = await harness.addUser();
    const requests = Array.from({ length: 6 }, () => harness.alertFor(user.userId, { severity: 'warning' }));
    // All at once: the consumer handles them concurrently, and each must still count those before it.
    await Promise.all(requests.map((request) => harness.bus.publish(notificationRequestedV1, request)));
    await waitForRow(
      harness.pool,
      'SELECT 1 FROM notifications.outbox WHERE user_id = $1 HAVING count(*) = 6',
      [user.userId],
    );
    await waitForEmails(user.email, 3);
    expect((await statusesOf(user.userId)).filter((status) => status === 'held')).toHaveLength(3);

    clockOffsetMs = 2 * hourMs;
    await waitForEmails(user.email, 4);
    const summary = emailsTo(user.email)[3];
    expect(summary?.subject).toBe('And 3 more notifications');
    expect(summary?.text.match(/• \[Warning\]/g)).toHaveLength(3);
    expect(emailsTo(user.email)).toHaveLength(4);
  });
});
