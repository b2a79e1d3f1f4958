import {
  notificationRecipientsQueue,
  notificationRequestedV1,
  notificationRequestsQueue,
  userContactChangedV1,
  type DeliveryLogPage,
  type MobileDeviceResponse,
  type NotificationPreferences,
  type PhoneNumberResponse,
  type PushSubscriptionResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import {
  readTestServerUrls,
  startNotificationsProcess,
  waitFor,
  waitForValue,
  type NotificationsProcess,
} from '@homeport/testing';
import { createPostgresPool } from '@homeport/storage';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { sendRaw } from '../support/send-raw';
import { notificationRoutes } from '../support/user-routes';

const base = '/v1/account/notifications';
const chosen: NotificationPreferences = {
  channels: { alert: ['email', 'web-push'], presence: ['web-push'], geofence: [] },
  quietHours: { from: '22:30', to: '07:00' },
  digest: { at: '08:00' },
};
const browser = {
  endpoint: `https://updates.push.services.mozilla.com/wpush/v2/${randomUUID()}`,
  keys: {
    p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  },
  label: 'Firefox on a laptop',
};

export function describeNotificationSettings(shared: SharedTestEnvironment): void {
  // public-api in process, the notifications service as its own process (its internal API, its database, a
  // throwaway SMTP server): the settings round trips, another person's ids, the unsubscribe link of a real
  // alert email, the phone code limit, and 503 when notifications is away.
  describe('public-api notification settings, kept by the notifications service', () => {
    let environment: TestEnvironment;
    let notifications: NotificationsProcess;
    let instance: TestInstance;
    let publisher: MessageBus;
    let ada: TestUser;
    let bob: TestUser;

    beforeAll(async () => {
      environment = shared.begin();
      notifications = await startNotificationsProcess('notification_settings', {
        publicApiUrl: 'https://api.test.homeport.example',
        busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
      });
      instance = await environment.startInstance({
        NOTIFICATIONS_API_URL: notifications.url,
        RATE_LIMIT_PHONE_CODES_PER_USER: '2/1h',
      });
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: `${notifications.amqpPrefix}publisher`,
        queues: [notificationRecipientsQueue, notificationRequestsQueue],
        namePrefix: notifications.amqpPrefix,
      });
      [ada, bob] = await Promise.all([instance.createUser(), instance.createUser()]);
    }, 120_000);
    afterAll(async () => {
      await publisher.close();
      await environment.close();
      await notifications.close();
    });

    const as = (user: TestUser) => ({
      call: <T>(method: string, path: string, body?: unknown) =>
        instance.api<T>(method, `${base}${path}`, body, user.tokens.accessToken),
    });

    const auditActions = async (user: TestUser) =>
      (
        await environment.pool.query<{ action: string }>(
          'SELECT action FROM public_api.audit_entries WHERE actor_user_id = $1 ORDER BY id',
          [user.id],
        )
      ).rows.map((row) => row.action);

    it('a person chooses channels, quiet hours and a digest, and reads them back; the change is audited', async () => {
      const initial = await as(ada).call<NotificationPreferences>('GET', '/preferences');
      expect(initial.status).toBe(200);
      const put = await as(ada).call<NotificationPreferences>('PUT', '/preferences', chosen);
      expect(put).toMatchObject({ status: 200, body: chosen });
      expect((await as(ada).call('GET', '/preferences')).body).toEqual(chosen);
      expect((await as(bob).call('GET', '/preferences')).body).toEqual(initial.body);
      const invalid = await as(ada).call('PUT', '/preferences', { ...chosen, quietHours: { from: '25:00' } });
      expect(invalid.status).toBe(400);
      expect(await auditActions(ada)).toContain('notification-preferences.changed');
    });

    it("a browser reads the VAPID public key to subscribe with: notifications' key, an uncompressed P-256 point", async () => {
      const key = await as(ada).call<{ publicKey: string | null }>('GET', '/web-push-key');
      expect(key.status).toBe(200);
      const point = Buffer.from(key.body.publicKey ?? '', 'base64url');
      expect({ bytes: point.length, prefix: point[0] }).toEqual({ bytes: 65, prefix: 0x04 });
    });

    it('a browser and a phone app are registered, listed without their keys, and removed', async () => {
      const added = await as(ada).call<PushSubscriptionResponse>('POST', '/push-subscriptions', browser);
      expect(added).toMatchObject({
        status: 201,
        body: { endpointOrigin: 'https://updates.push.services.mozilla.com', label: browser.label },
      });
      const listed = await as(ada).call<{ items: PushSubscriptionResponse[] }>('GET', '/push-subscriptions');
      expect(listed.body.items).toEqual([added.body]);
      expect(JSON.stringify(listed.body)).not.toContain(browser.keys.auth);
      const app = await as(ada).call<MobileDeviceResponse>('POST', '/mobile-devices', {
        platform: 'fcm',
        token: `fcm-token-${randomUUID()}`,
      });
      expect(app).toMatchObject({ status: 201, body: { platform: 'fcm', label: null } });
      expect((await as(ada).call('GET', '/mobile-devices')).body).toEqual({ items: [app.body] });

      expect((await as(ada).call('DELETE', `/push-subscriptions/${added.body.id}`)).status).toBe(204);
      expect((await as(ada).call('DELETE', `/mobile-devices/${app.body.id}`)).status).toBe(204);
      expect((await as(ada).call('GET', '/push-subscriptions')).body).toEqual({ items: [] });
      expect((await as(ada).call('GET', '/mobile-devices')).body).toEqual({ items: [] });
      expect((await as(ada).call('DELETE', `/push-subscriptions/${added.body.id}`)).status).toBe(404);
      expect(await auditActions(ada)).toEqual(
        expect.arrayContaining([
          'push-subscription.added',
          'push-subscription.removed',
          'mobile-device.added',
          'mobile-device.removed',
        ]),
      );
    });

    it("another person never reads or changes someone's settings, whatever ids they send", async () => {
      const adaBrowser = await as(ada).call<PushSubscriptionResponse>('POST', '/push-subscriptions', browser);
      const adaApp = await as(ada).call<MobileDeviceResponse>('POST', '/mobile-devices', {
        platform: 'fcm',
        token: `fcm-token-${randomUUID()}`,
      });
      const adaBefore = await Promise.all(
        ['/preferences', '/push-subscriptions', '/mobile-devices', '/phone'].map(
          async (path) => (await as(ada).call('GET', path)).body,
        ),
      );
      const ids = { pushSubscriptionId: adaBrowser.body.id, mobileDeviceId: adaApp.body.id };
      // Bob's own session on every route with Ada's ids: his own data only, Ada's ids not found.
      const answers = [];
      for (const route of notificationRoutes(ids)) {
        const answer = await sendRaw(instance.running.http.url, route, `Bearer ${bob.tokens.accessToken}`);
        answers.push({ route: `${route.method} ${route.path}`, status: answer.status });
      }
      const deletes = answers.filter(
        (answer) => answer.route.includes(adaBrowser.body.id) || answer.route.includes(adaApp.body.id),
      );
      expect(deletes.map((answer) => answer.status)).toEqual([404, 404]);
      const bobsLists = await Promise.all(
        ['/push-subscriptions', '/mobile-devices'].map(
          async (path) => (await as(bob).call<{ items: { id: string }[] }>('GET', path)).body.items,
        ),
      );
      expect(bobsLists.flat().map((item) => item.id)).not.toEqual(
        expect.arrayContaining([ids.pushSubscriptionId]),
      );
      expect(bobsLists.flat().map((item) => item.id)).not.toEqual(
        expect.arrayContaining([ids.mobileDeviceId]),
      );
      const adaAfter = await Promise.all(
        ['/preferences', '/push-subscriptions', '/mobile-devices', '/phone'].map(
          async (path) => (await as(ada).call('GET', path)).body,
        ),
      );
      expect(adaAfter).toEqual(adaBefore);
      await as(ada).call('DELETE', `/push-subscriptions/${ids.pushSubscriptionId}`);
      await as(ada).call('DELETE', `/mobile-devices/${ids.mobileDeviceId}`);
      // A token of Ada's without the notification scopes reaches none of it.
      const pat = await instance.api<{ token: string }>(
        'POST',
        '/v1/account/tokens',
        { name: 'homes only', scopes: ['homes:read'] },
        ada.tokens.accessToken,
      );
      for (const route of notificationRoutes(ids)) {
        const answer = await sendRaw(instance.running.http.url, route, `Bearer ${pat.body.token}`);
        expect({ route: `${route.method} ${route.path}`, ...answer }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 403,
          code: 'TOKEN_SCOPE_INSUFFICIENT',
        });
      }
    });

    it("an alert email's unsubscribe link: the page changes nothing, one click turns email off for alerts", async () => {
      await as(ada).call('PUT', '/preferences', chosen);
      await publisher.publish(userContactChangedV1, {
        userId: ada.id,
        email: ada.email,
        emailVerified: true,
        changedAt: Date.now(),
      });
      // Contacts and requests come by two queues: the request waits until notifications knows Ada's address.
      const notificationsDb = createPostgresPool({ url: notifications.databaseUrl, max: 1 });
      await waitFor(async () => {
        const known = await notificationsDb.query(
          'SELECT 1 FROM notifications.recipients WHERE user_id = $1',
          [ada.id],
        );
        return known.rowCount === 1;
      }, "Ada's contact stored by notifications").finally(() => notificationsDb.end());
      await publisher.publish(notificationRequestedV1, {
        ...notificationRequestedV1.example,
        userId: ada.id,
        dedupKey: `alert:${randomUUID()}`,
        requestedAt: Date.now(),
      });
      const email = await notifications.smtp.emailTo(ada.email);
      const link = /<(https?:\/\/[^>]+\/v1\/notifications\/unsubscribe\?token=[^>]+)>/.exec(
        email.headers.get('list-unsubscribe') ?? '',
      );
      expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const path =
        new URL(link?.[1] ?? 'http://missing').pathname + new URL(link?.[1] ?? 'http://missing').search;
      const url = `${instance.running.http.url}${path}`;

      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
      expect((await as(ada).call('GET', '/preferences')).body).toEqual(chosen);

      const oneClick = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      expect(await oneClick.text()).toContain('device alerts by email');
      const after = await as(ada).call<NotificationPreferences>('GET', '/preferences');
      expect(after.body).toEqual({ ...chosen, channels: { ...chosen.channels, alert: ['web-push'] } });

      // A mail client's multipart form does the same (again: nothing more to turn off).
      const form = new FormData();
      form.append('List-Unsubscribe', 'One-Click');
      expect((await fetch(url, { method: 'POST', body: form })).status).toBe(200);
      const forged = await fetch(`${instance.running.http.url}${path.slice(0, -3)}AAA`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(forged.status).toBe(400);
      expect((await as(ada).call('GET', '/preferences')).body).toEqual(after.body);

      const log = await waitForValue(async () => {
        const page = await as(ada).call<DeliveryLogPage>('GET', '/deliveries?channel=email');
        return page.body.items.length > 0 ? page.body : undefined;
      }, "the alert's delivery in Ada's log");
      expect(log.items[0]).toMatchObject({ channel: 'email', category: 'alert', outcome: 'delivered' });
      expect((await as(bob).call<DeliveryLogPage>('GET', '/deliveries')).body.items).toEqual([]);
    });

    it('a phone number: the codes sent are limited per person (429 past the limit)', async () => {
      const carol = await instance.createUser();
      const phone = await as(carol).call<PhoneNumberResponse>('GET', '/phone');
      expect(phone).toMatchObject({ status: 200, body: { phoneNumber: null, confirmed: false } });
      const statuses = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        statuses.push((await as(carol).call('PUT', '/phone', { phoneNumber: '+33612345678' })).status);
      }
      expect(statuses.slice(0, 2)).not.toContain(429);
      expect(statuses[2]).toBe(429);
    });

    it('with notifications away, the settings routes answer 503 NOTIFICATIONS_UNAVAILABLE', async () => {
      const away = await environment.startInstance();
      // Each instance signs with a key of its own: Ada signs in there.
      const login = await away.api<{ accessToken: string }>('POST', '/v1/sessions', {
        email: ada.email,
        password: ada.password,
      });
      const answer = await away.api('GET', `${base}/preferences`, undefined, login.body.accessToken);
      expect(answer).toMatchObject({ status: 503, body: { code: 'NOTIFICATIONS_UNAVAILABLE' } });
      const unsubscribe = await fetch(
        `${away.running.http.url}/v1/notifications/unsubscribe?token=${'x'.repeat(20)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        },
      );
      expect(unsubscribe.status).toBe(503);
    });
  });
}
