import {
  alertEscalatedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
  deviceStateChangedV1,
  userContactChangedV1,
  type AlertRuleResponse,
  type WebhookCreatedResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { createPostgresPool } from '@homeport/storage';
import {
  readTestServerUrls,
  sleep,
  waitFor,
  startNotificationsProcess,
  waitForValue,
  type BrokerApiProcess,
  type NotificationsProcess,
} from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startAlertsProcess, type AlertsProcess } from '../support/alerts';
import { createTestVendor, provisionThroughBrokerApi } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { openLiveStream, type TestLiveStream } from '../support/live-stream';
import { startFlakyReceiver } from '../support/webhook-receiver';

export function describeAlertEvents(shared: SharedTestEnvironment): void {
  // The alerts service (its own process) evaluates what the suite publishes on homeport.events; public-api (in
  // process) carries its alert events into the home's live stream, the owner's webhook endpoint (delivered by a
  // notifications process, signed) and notification requests, which that notifications process sends as
  // emails to a real SMTP server.
  describe('alerts reach people: live stream, webhooks and emails of the home, once each', () => {
    let environment: TestEnvironment;
    let alerts: AlertsProcess;
    let notifications: NotificationsProcess;
    let instance: TestInstance;
    let publisher: MessageBus;
    let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
    let owner: TestUser;
    let member: TestUser;
    let homeId: string;
    let vendorId: string;
    let deviceId: string;
    let live: TestLiveStream;
    let secret: string;

    beforeAll(async () => {
      environment = shared.begin();
      const brokerApi = environment.brokerApi as BrokerApiProcess;
      alerts = await startAlertsProcess('papi_alert_events', {
        amqpPrefix: environment.amqpPrefix,
        brokerApiUrl: brokerApi.url,
      });
      // People sign up before notifications joins the suite's queues (the suite reads their emails itself).
      const signUp = await environment.startInstance();
      [owner, member] = await Promise.all([signUp.createUser(), signUp.createUser()]);
      notifications = await startNotificationsProcess('papi_alert_events', {
        publicApiUrl: 'https://api.test.homeport.example',
        busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
        env: { AMQP_NAME_PREFIX: environment.amqpPrefix, WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true' },
      });
      instance = await environment.startInstance({
        ...alerts.env,
        NOTIFICATIONS_API_URL: notifications.url,
        JWT_SIGNING_KEY: signUp.config.JWT_SIGNING_KEY,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
      });
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: 'alert-events-test-publisher',
        queues: [],
        namePrefix: environment.amqpPrefix,
      });
      // Their verified contacts, as public-api published them, again for notifications' recipients: the suite's
      // reader of that queue competes with notifications for them, so until notifications stored each.
      const notificationsDb = createPostgresPool({ url: notifications.databaseUrl, max: 1 });
      for (const user of [owner, member]) {
        const contact = await signUp.emails.contact(user.email, 2);
        await waitFor(async () => {
          await publisher.publish(userContactChangedV1, contact);
          await sleep(200);
          const stored = await notificationsDb.query(
            'SELECT 1 FROM notifications.recipients WHERE user_id = $1 AND email_verified',
            [user.id],
          );
          return stored.rowCount === 1;
        }, `notifications to know ${user.email}`);
      }
      await notificationsDb.end();
      const helpers = createHomeHelpers(instance);
      homeId = (await helpers.createHome(owner, 'Chalet')).id;
      await helpers.join(owner, homeId, member, 'member');
      const vendor = await createTestVendor(brokerApi, ['temperature', 'setpoint']);
      vendorId = vendor.vendorId;
      const provisioned = await provisionThroughBrokerApi(brokerApi, vendor);
      const claim = { claimCode: provisioned.claimCode };
      const claimed = await helpers
        .as(owner)
        .call<{ id: string }>('POST', `/v1/homes/${homeId}/devices/claim`, claim);
      deviceId = claimed.body.id;
      receiver = await startFlakyReceiver();
      receiver.recover();
      const endpoint = await helpers.as(owner).call<WebhookCreatedResponse>('POST', '/v1/webhooks', {
        url: receiver.url,
        eventTypes: ['alert.fired', 'alert.resolved'],
      });
      secret = endpoint.body.secret;
      live = await openLiveStream(instance.running.http.url, owner.tokens.accessToken);
    }, 180_000);

    afterAll(async () => {
      live.close();
      await publisher.close();
      await receiver.close();
      await notifications.close();
      await alerts.close();
      await environment.close();
    });

    const publishTemperature = (temperature: number) =>
      publisher.publish(deviceStateChangedV1, {
        vendorId,
        deviceId,
        changed: { temperature },
        state: { temperature, setpoint: 21 },
        reportedAt: Date.now(),
      });
    /** The first email to `address` whose subject contains `words`, once it arrived. */
    const emailAbout = (address: string, words: string, description: string) =>
      waitForValue(
        () =>
          Promise.resolve(
            notifications.smtp.received.find((sent) => sent.to === address && sent.subject.includes(words)),
          ),
        description,
      );
    const deliveredOf = (type: string) =>
      waitForValue(() => {
        const found = receiver.received.find(
          (delivery) => (JSON.parse(delivery.body) as { type: string }).type === type,
        );
        return Promise.resolve(found);
      }, `a ${type} delivery`);

    it('a frost alert fires and resolves: the live stream, the webhook and the owners hear of each once', async () => {
      const created = await createHomeHelpers(instance)
        .as(owner)
        .call<AlertRuleResponse>('POST', `/v1/homes/${homeId}/alert-rules`, {
          target: { kind: 'device', deviceId },
          name: 'Frost in the cellar',
          condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
          clear: { operator: '>', value: 7 },
          severity: 'critical',
          message: '{device}: {property} is {value} °C',
        });
      expect(created.status).toBe(201);
      // The alerts service reloads its rules every few seconds; a reading after that is evaluated with it.
      await sleep(300);
      await publishTemperature(4);

      const fired = await live.next((event) => event.type === 'alert.fired', 'alert.fired');
      expect(fired.data).toMatchObject({
        homeId,
        deviceId,
        ruleId: created.body.id,
        ruleOwner: 'home',
        value: 4,
      });
      const delivery = await deliveredOf('alert.fired');
      const verified = new Webhook(secret).verify(delivery.body, {
        'webhook-id': String(delivery.headers['webhook-id']),
        'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
        'webhook-signature': String(delivery.headers['webhook-signature']),
      }) as { data: { alertId: string; homeId: string } };
      expect(verified.data).toMatchObject({ alertId: fired.data['alertId'], homeId });
      const email = await notifications.smtp.emailTo(owner.email);
      expect(email.subject).toContain('Frost in the cellar');

      await publishTemperature(8);
      const resolved = await live.next((event) => event.type === 'alert.resolved', 'alert.resolved');
      expect(resolved.data['alertId']).toBe(fired.data['alertId']);
      await deliveredOf('alert.resolved');
      expect((await notifications.smtp.emailTo(owner.email, 2)).subject).toContain('[Resolved]');
      // The member was not among those told of the firing: nothing for them.
      await sleep(500);
      expect(notifications.smtp.received.filter((sent) => sent.to === member.email)).toEqual([]);
    });

    it('an escalation tells the other members, its redelivery nobody again, and its resolution everyone told', async () => {
      const alertId = randomUUID();
      const about = {
        ...alertFiredV1.example,
        alertId,
        vendorId,
        deviceId,
        homeId,
        owner: { kind: 'home' as const, homeId },
        ruleName: 'Boiler too hot',
      };
      await publisher.publish(alertFiredV1, { ...about, firedAt: Date.now() });
      const ownersEmail = await emailAbout(owner.email, 'Boiler', 'the firing email to the owner');
      expect(ownersEmail.subject).toContain('[Critical]');
      const escalated = { ...alertEscalatedV1.example, ...about, level: 1, escalatedAt: Date.now() };
      await publisher.publish(alertEscalatedV1, escalated);
      await publisher.publish(alertEscalatedV1, escalated);
      const membersEmail = await emailAbout(member.email, 'Boiler', 'the escalation email to the member');
      expect(membersEmail.subject).toContain('Not acknowledged');
      await publisher.publish(alertResolvedV1, {
        ...alertResolvedV1.example,
        ...about,
        resolvedAt: Date.now(),
      });
      for (const user of [owner, member]) {
        await emailAbout(user.email, '[Resolved] Boiler', `the resolution email to ${user.email}`);
      }
      await sleep(500);
      const boilerEmails = (address: string) =>
        notifications.smtp.received.filter((sent) => sent.to === address && sent.subject.includes('Boiler'))
          .length;
      expect([boilerEmails(owner.email), boilerEmails(member.email)]).toEqual([2, 2]);
    });

    it('an event people are not to be told of (snoozed, flapping) is shown live but sends nothing; flapping is told once', async () => {
      const alertId = randomUUID();
      const about = {
        ...alertFiredV1.example,
        alertId,
        vendorId,
        deviceId,
        homeId,
        owner: { kind: 'home' as const, homeId },
      };
      await publisher.publish(alertFiredV1, {
        ...about,
        ruleName: 'Quiet one',
        notify: false,
        firedAt: Date.now(),
      });
      await live.next(
        (event) => event.type === 'alert.fired' && event.data['alertId'] === alertId,
        'the quiet firing',
      );
      const flapping = {
        ...alertFlappingChangedV1.example,
        vendorId,
        deviceId,
        homeId,
        owner: { kind: 'home' as const, homeId },
        ruleName: 'Flappy',
        changedAt: Date.now(),
      };
      await publisher.publish(alertFlappingChangedV1, flapping);
      await publisher.publish(alertFlappingChangedV1, flapping);
      await live.next((event) => event.type === 'alert.flapping-changed', 'the flapping notice');
      await emailAbout(owner.email, '[Flapping] Flappy', 'the flapping email');
      await sleep(500);
      const sent = notifications.smtp.received.map((email) => email.subject);
      expect(sent.filter((subject) => subject.includes('Quiet one'))).toEqual([]);
      expect(sent.filter((subject) => subject.includes('Flappy'))).toHaveLength(1);
    });
  });
}
