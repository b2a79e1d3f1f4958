import {
  deviceStateChangedV1,
  type MessagePayload,
  type ProvisionedVendorDeviceResponse,
  type WebhookCreatedResponse,
  type WebhookDeliveryPage,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import {
  readTestServerUrls,
  startNotificationsProcess,
  waitForValue,
  type BrokerApiProcess,
  type NotificationsProcess,
} from '@homeport/testing';
import { Webhook } from 'standardwebhooks';
import { createTestVendor, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { addVendorMember } from '../support/vendors';
import { startFlakyReceiver } from '../support/webhook-receiver';

export function describeWebhookDelivery(shared: SharedTestEnvironment): void {
  // public-api (in process) matches homeport.events to an owner's endpoint; the notifications service (its own
  // process, on the same RabbitMQ prefix) signs and delivers; the receiver verifies with the standardwebhooks
  // package, an implementation of the specification independent of ours.
  describe('public-api webhooks delivered by the notifications service: signed, retried, once each', () => {
    let environment: TestEnvironment;
    let notifications: NotificationsProcess;
    let signUpReplica: TestInstance;
    let instance: TestInstance;
    let vendor: TestVendor;
    let maker: TestUser;
    let owner: TestUser;
    let publisher: MessageBus;
    let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;

    beforeAll(async () => {
      environment = shared.begin();
      // People sign up before notifications joins the suite's queues: the suite reads their emails itself.
      signUpReplica = await environment.startInstance({ WEBHOOK_ALLOW_HTTP: 'true' });
      const brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi);
      maker = await signUpReplica.createUser();
      await addVendorMember(environment.pool, vendor.vendorId, maker, 'developer');
      owner = await signUpReplica.createUser();
      notifications = await startNotificationsProcess('papi_webhook_delivery', {
        publicApiUrl: 'https://api.test.homeport.example',
        busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
        env: {
          AMQP_NAME_PREFIX: environment.amqpPrefix,
          WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
          WEBHOOK_RETRY_BASE_MS: '100',
          WEBHOOK_RETRY_MAX_MS: '400',
          WEBHOOK_MAX_ATTEMPTS: '100',
          CIRCUIT_FAILURES: '3',
          CIRCUIT_COOLDOWN_MS: '300',
        },
      });
      // A second replica of the deployment (same signing key) that knows the notifications service.
      instance = await environment.startInstance({
        NOTIFICATIONS_API_URL: notifications.url,
        JWT_SIGNING_KEY: signUpReplica.config.JWT_SIGNING_KEY,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
      });
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: 'webhook-delivery-test-publisher',
        queues: [],
        namePrefix: environment.amqpPrefix,
      });
      receiver = await startFlakyReceiver();
    }, 120_000);
    afterAll(async () => {
      await publisher.close();
      await receiver.close();
      // Before the environment deletes the queues they share.
      await notifications.close();
      await environment.close();
    });

    it('state changes reach a receiver that fails for a while, after it recovers, each once and verified', async () => {
      const helpers = createHomeHelpers(instance);
      const home = await helpers.createHome(owner);
      const provisioned = await helpers
        .as(maker)
        .call<ProvisionedVendorDeviceResponse>('POST', `/v1/vendors/${vendor.vendorId}/devices`, {
          productId: vendor.productId,
        });
      const claim = { claimCode: provisioned.body.claimCode };
      expect((await helpers.as(owner).call('POST', `/v1/homes/${home.id}/devices/claim`, claim)).status).toBe(
        200,
      );
      const deviceId = provisioned.body.id;
      const created = await helpers.as(owner).call<WebhookCreatedResponse>('POST', '/v1/webhooks', {
        url: receiver.url,
        eventTypes: ['device.state-changed'],
      });
      expect(created.status).toBe(201);
      const { id: endpointId, secret } = created.body;

      const total = 5;
      for (let n = 1; n <= total; n += 1) {
        const event: MessagePayload<typeof deviceStateChangedV1> = {
          vendorId: vendor.vendorId,
          deviceId,
          changed: { temperature: 20 + n },
          state: { temperature: 20 + n, setpoint: 21 },
          seq: n,
          reportedAt: Date.now(),
        };
        await publisher.publish(deviceStateChangedV1, event, { messageId: `${deviceId}/state/${n}` });
      }
      await waitForValue(
        () => Promise.resolve(receiver.received.length >= total + 2 ? true : undefined),
        'refused attempts at the receiver',
      );
      receiver.recover();

      const deliveriesPath = `/v1/webhooks/${endpointId}/deliveries?status=delivered`;
      const delivered = await waitForValue(
        async () => {
          const page = await helpers.as(owner).call<WebhookDeliveryPage>('GET', deliveriesPath);
          return page.body.items.length === total ? page.body.items : undefined;
        },
        'every delivery logged delivered',
        { timeoutMs: 30_000 },
      );
      expect(delivered.some((delivery) => delivery.attempts > 1)).toBe(true);

      const verifier = new Webhook(secret);
      const accepted = receiver.received.filter((request) => request.status === 200);
      const bodies = accepted.map((request) =>
        verifier.verify(request.body, request.headers as Record<string, string>),
      ) as { type: string; data: { deviceId: string; homeId: string; state: { temperature: number } } }[];
      const ids = accepted.map((request) => request.headers['webhook-id']);
      expect(new Set(ids).size).toBe(total);
      expect(ids).toHaveLength(total);
      expect(bodies.map((body) => body.data.state.temperature).sort()).toEqual([21, 22, 23, 24, 25]);
      expect(bodies.every((body) => body.type === 'device.state-changed')).toBe(true);
      expect(bodies.every((body) => body.data.deviceId === deviceId && body.data.homeId === home.id)).toBe(
        true,
      );
    });
  });
}
