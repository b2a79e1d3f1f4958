import {
  deviceCommandFinishedV1,
  devicePresenceV1,
  deviceStateChangedV1,
  webhookEndpointDisabledV1,
  WebhookEventBody,
  type HomeResponse,
  type MessagePayload,
  type ProvisionedVendorDeviceResponse,
  type WebhookCreatedResponse,
  type WebhookDeliveryPage,
  type WebhookList,
  type WebhookResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { readTestServerUrls, type BrokerApiProcess } from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { Value } from 'typebox/value';
import { webhookMessageIdOf } from '../../src/domain/webhook-matching';
import { createTestVendor, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers, type Answered } from '../support/home-helpers';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { addVendorMember, createVendorCalls, createVendorId, makeVendorAdmin } from '../support/vendors';
import {
  startNotificationsApi,
  watchWebhookMessages,
  type DeliveryRequest,
  type WebhookMessagesSeen,
} from '../support/webhooks';

const hookUrl = (name: string) => `https://hooks.example.com/${name}/${randomUUID().slice(0, 8)}`;
const maxEndpoints = 4;

export function describeWebhooks(shared: SharedTestEnvironment): void {
  describe('public-api webhooks: endpoints within the caller’s scope, matched to the events of their devices', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let cutOff: TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let admin: TestUser;
    let developer: TestUser;
    let vendorKey: string;
    let publisher: MessageBus;
    let seen: WebhookMessagesSeen;
    let notificationsApi: Awaited<ReturnType<typeof startNotificationsApi>>;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let vendorCalls: ReturnType<typeof createVendorCalls>;

    beforeAll(async () => {
      environment = shared.begin();
      notificationsApi = await startNotificationsApi('papi_webhooks');
      instance = await environment.startInstance({
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_MAX_ENDPOINTS_PER_OWNER: String(maxEndpoints),
        NOTIFICATIONS_API_URL: notificationsApi.url,
      });
      // A replica of the deployment (same signing key) whose notifications service is out of reach.
      cutOff = await environment.startInstance({
        WEBHOOK_ALLOW_HTTP: 'true',
        JWT_SIGNING_KEY: instance.config.JWT_SIGNING_KEY,
        NOTIFICATIONS_API_URL: 'http://127.0.0.1:9',
      });
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi);
      admin = await instance.createUser();
      await makeVendorAdmin(environment.pool, vendor.vendorId, admin);
      developer = await instance.createUser();
      await addVendorMember(environment.pool, vendor.vendorId, developer, 'developer');
      helpers = createHomeHelpers(instance);
      vendorCalls = createVendorCalls(instance);
      vendorKey = (await vendorCalls.createKey(admin, vendor.vendorId, ['webhooks:read', 'webhooks:write']))
        .key;
      seen = await watchWebhookMessages(environment.amqpPrefix);
      // state-workers', broker-api's and notifications' place: publishes on homeport.events.
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: 'webhooks-test-publisher',
        queues: [],
        namePrefix: environment.amqpPrefix,
      });
    });
    afterAll(async () => {
      await publisher.close();
      await seen.close();
      await environment.close();
      await notificationsApi.close();
    });

    const call = <T>(token: string, method: string, path: string, body?: unknown) =>
      instance.api<Answered<T>>(method, path, body, token);
    const create = async (token: string, request: Record<string, unknown>, path = '/v1/webhooks') => {
      const created = await call<WebhookCreatedResponse>(token, 'POST', path, request);
      expect(created.status).toBe(201);
      return created.body;
    };
    const vendorWebhooks = () => `/v1/vendors/${vendor.vendorId}/webhooks`;

    /** A device of the vendor, claimed into `home` unless none is given. */
    async function deviceIn(home: HomeResponse | undefined, owner?: TestUser): Promise<string> {
      const provisioned = await helpers
        .as(admin)
        .call<ProvisionedVendorDeviceResponse>('POST', `/v1/vendors/${vendor.vendorId}/devices`, {
          productId: vendor.productId,
        });
      expect(provisioned.status).toBe(201);
      if (home !== undefined && owner !== undefined) {
        const claim = { claimCode: provisioned.body.claimCode };
        const claimed = await helpers.as(owner).call('POST', `/v1/homes/${home.id}/devices/claim`, claim);
        expect(claimed.status).toBe(200);
      }
      return provisioned.body.id;
    }

    /** A new app of a vendor of its own, authorized by `owner` for `scope` (authorization code + PKCE). */
    async function authorizeApp(owner: TestUser, scope: string) {
      const appMaker = await instance.createUser();
      const appVendor = createVendorId();
      await makeVendorAdmin(environment.pool, appVendor, appMaker);
      const registered = await registerClient(instance, appMaker, appVendor, {
        scopes: ['webhooks:read', 'webhooks:write'],
      });
      const config = await discoverClient(instance, registered);
      const { tokens } = await authorizeWithCode(instance, config, owner, { scope });
      return { registered, config, tokens };
    }

    const reportedAt = 1_763_719_200_000;
    /** The n-th state change of a device, as state-workers publishes it; its AMQP message id. */
    async function publishState(deviceId: string, n: number): Promise<string> {
      const event: MessagePayload<typeof deviceStateChangedV1> = {
        vendorId: vendor.vendorId,
        deviceId,
        changed: { temperature: n },
        state: { temperature: n, setpoint: 21 },
        seq: n,
        reportedAt: reportedAt + n,
      };
      const messageId = `webhooks-test/${deviceId}/${n}`;
      await publisher.publish(deviceStateChangedV1, event, { messageId });
      return messageId;
    }
    const requestsOf = (eventMessageId: string) =>
      seen.deliveries.filter((request) => request.messageId === webhookMessageIdOf(eventMessageId));
    const endpointsOf = (requests: readonly DeliveryRequest[]) => requests.map((r) => r.endpointId).sort();
    const parsedBody = (request: DeliveryRequest) => JSON.parse(request.body) as WebhookEventBody;

    it('an owner creates, reads, changes, rotates and deletes an endpoint: the secret shows on creation and rotation only', async () => {
      const owner = await instance.createUser();
      const token = owner.tokens.accessToken;
      const created = await create(token, {
        url: 'https://hooks.example.com/homeport?channel=7',
        eventTypes: ['device.state-changed'],
        description: 'kitchen dashboard',
      });
      expect(created).toMatchObject({
        url: 'https://hooks.example.com/homeport?channel=7',
        eventTypes: ['device.state-changed'],
        description: 'kitchen dashboard',
        homeId: null,
        status: 'enabled',
        disabledReason: null,
      });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
      const item = `/v1/webhooks/${created.id}`;

      const listed = await call<WebhookList>(token, 'GET', '/v1/webhooks');
      expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id })]);
      expect(listed.body.items[0]).not.toHaveProperty('secret');
      const read = await call<WebhookResponse>(token, 'GET', item);
      expect(read.body).not.toHaveProperty('secret');

      const changed = await call<WebhookResponse>(token, 'PATCH', item, {
        eventTypes: ['device.presence', 'device.command-finished'],
        description: 'hall',
      });
      expect(changed).toMatchObject({
        status: 200,
        body: { eventTypes: ['device.presence', 'device.command-finished'], description: 'hall' },
      });
      const rotated = await call<WebhookCreatedResponse>(token, 'POST', `${item}/secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(created.secret);

      // The delivery log is notifications' (this suite's notifications delivers nothing: device-events/webhook-delivery.ts).
      const logRead = { method: 'GET', route: '/webhook-endpoints/:endpointId/deliveries' } as const;
      const forgotten = { method: 'DELETE', route: '/webhook-endpoints/:endpointId' } as const;
      const [listedBefore, forgottenBefore] = [
        await notificationsApi.answered(logRead),
        await notificationsApi.answered(forgotten),
      ];
      const deliveries = await call<WebhookDeliveryPage>(
        token,
        'GET',
        `${item}/deliveries?status=delivered&limit=10`,
      );
      expect(deliveries).toMatchObject({ status: 200, body: { items: [] } });
      expect((await call(token, 'DELETE', item)).status).toBe(204);
      expect(await call(token, 'GET', item)).toMatchObject({
        status: 404,
        body: { code: 'WEBHOOK_NOT_FOUND' },
      });
      expect(await notificationsApi.answered(logRead)).toBe(listedBefore + 1);
      expect(await notificationsApi.answered(forgotten)).toBe(forgottenBefore + 1);
      const audited = await environment.pool.query<{ action: string }>(
        `SELECT action FROM public_api.audit_entries WHERE details->>'endpointId' = $1 ORDER BY id`,
        [created.id],
      );
      expect(audited.rows.map((row) => row.action)).toEqual([
        'webhook.created',
        'webhook.updated',
        'webhook.secret-rotated',
        'webhook.deleted',
      ]);
    });

    it('bad URLs, event types, homes and the limit are refused with their codes, and nothing is created', async () => {
      const owner = await instance.createUser();
      const stranger = await instance.createUser();
      const strangersHome = await helpers.createHome(stranger);
      const token = owner.tokens.accessToken;
      const eventTypes = ['device.presence'];
      for (const url of [
        'ftp://hooks.example.com/x',
        'not a url at all',
        'https://user:password@hooks.example.com/x',
        'https://hooks.example.com/x#fragment',
        'https://127.0.0.1/x',
        'https://10.1.2.3/x',
        'https://192.168.1.20:8443/x',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/x',
        'https://[fd00::1]/x',
        'https://[::ffff:192.168.1.1]/x',
        'https://localhost:8443/x',
        'http://0x7f.1/x',
      ]) {
        expect(await call(token, 'POST', '/v1/webhooks', { url, eventTypes })).toMatchObject({
          status: 400,
          body: { code: 'WEBHOOK_URL_INVALID' },
        });
      }
      for (const body of [
        { url: hookUrl('a'), eventTypes: [] },
        { url: hookUrl('a'), eventTypes: ['device.exploded'] },
        { url: hookUrl('a'), eventTypes: ['device.presence', 'device.presence'] },
        { url: hookUrl('a'), eventTypes, secret: 'whsec_mine' },
      ]) {
        expect((await call(token, 'POST', '/v1/webhooks', body)).status).toBe(400);
      }
      expect(
        await call(token, 'POST', '/v1/webhooks', {
          url: hookUrl('a'),
          eventTypes,
          homeId: strangersHome.id,
        }),
      ).toMatchObject({ status: 404, body: { code: 'HOME_NOT_FOUND' } });
      // Where http is not allowed (the default), an http URL is refused too.
      const strict = await environment.startInstance({ JWT_SIGNING_KEY: instance.config.JWT_SIGNING_KEY });
      expect(
        await strict.api('POST', '/v1/webhooks', { url: 'http://hooks.example.com/x', eventTypes }, token),
      ).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_INVALID' } });

      const made = [];
      for (let n = 0; n < maxEndpoints; n += 1)
        made.push(await create(token, { url: hookUrl('a'), eventTypes }));
      expect(await call(token, 'POST', '/v1/webhooks', { url: hookUrl('a'), eventTypes })).toMatchObject({
        status: 409,
        body: { code: 'WEBHOOKS_LIMIT' },
      });
      const first = made[0] as WebhookCreatedResponse;
      expect((await call(token, 'PATCH', `/v1/webhooks/${first.id}`, {})).status).toBe(400);
      expect(
        await call(token, 'PATCH', `/v1/webhooks/${first.id}`, { url: 'https://127.0.0.1/x' }),
      ).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_INVALID' } });
      const listed = await call<WebhookList>(token, 'GET', '/v1/webhooks');
      expect(listed.body.items.map((item) => item.id)).toEqual(made.map((endpoint) => endpoint.id));
      expect(listed.body.items[0]?.url).toBe(first.url);
    });

    it("another person's endpoint is 404 on every route and stays as it was", async () => {
      const owner = await instance.createUser();
      const stranger = await instance.createUser();
      const endpoint = await create(owner.tokens.accessToken, {
        url: hookUrl('owner'),
        eventTypes: ['device.presence'],
      });
      const item = `/v1/webhooks/${endpoint.id}`;
      const token = stranger.tokens.accessToken;
      for (const [method, path, body] of [
        ['GET', item],
        ['PATCH', item, { description: 'mine now' }],
        ['PATCH', item, { enabled: true }],
        ['POST', `${item}/secret`],
        ['GET', `${item}/deliveries`],
        ['DELETE', item],
      ] as const) {
        expect(await call(token, method, path, body)).toMatchObject({
          status: 404,
          body: { code: 'WEBHOOK_NOT_FOUND' },
        });
      }
      expect((await call<WebhookList>(token, 'GET', '/v1/webhooks')).body.items).toEqual([]);
      const read = await call<WebhookResponse>(owner.tokens.accessToken, 'GET', item);
      expect(read.body).toEqual({ ...endpoint, secret: undefined });
    });

    it("an OAuth client sees and manages only the endpoints it created, the person all; revoking the app deletes the client's", async () => {
      const owner = await instance.createUser();
      const { registered, tokens } = await authorizeApp(owner, 'webhooks:read webhooks:write');
      const appToken = tokens.access_token;
      const session = owner.tokens.accessToken;

      const own = await create(session, { url: hookUrl('own'), eventTypes: ['device.presence'] });
      const apps = await create(appToken, { url: hookUrl('app'), eventTypes: ['device.presence'] });
      const appList = await call<WebhookList>(appToken, 'GET', '/v1/webhooks');
      expect(appList.body.items.map((item) => item.id)).toEqual([apps.id]);
      for (const [method, path] of [
        ['GET', `/v1/webhooks/${own.id}`],
        ['DELETE', `/v1/webhooks/${own.id}`],
        ['POST', `/v1/webhooks/${own.id}/secret`],
      ] as const) {
        expect(await call(appToken, method, path)).toMatchObject({
          status: 404,
          body: { code: 'WEBHOOK_NOT_FOUND' },
        });
      }
      const sessionList = await call<WebhookList>(session, 'GET', '/v1/webhooks');
      expect(sessionList.body.items.map((item) => item.id)).toEqual([own.id, apps.id]);

      const revoked = await call(session, 'DELETE', `/v1/account/authorizations/${registered.clientId}`);
      expect(revoked.status).toBe(204);
      const after = await call<WebhookList>(session, 'GET', '/v1/webhooks');
      expect(after.body.items.map((item) => item.id)).toEqual([own.id]);
    });

    it("an app revoking its own refresh token (RFC 7009) deletes the endpoints it created for the person, not the person's", async () => {
      const owner = await instance.createUser();
      const { config, tokens } = await authorizeApp(owner, 'webhooks:write');
      const own = await create(owner.tokens.accessToken, {
        url: hookUrl('own'),
        eventTypes: ['device.presence'],
      });
      await create(tokens.access_token, { url: hookUrl('app'), eventTypes: ['device.presence'] });

      await client.tokenRevocation(config, tokens.refresh_token ?? '', { token_type_hint: 'refresh_token' });
      const after = await call<WebhookList>(owner.tokens.accessToken, 'GET', '/v1/webhooks');
      expect(after.body.items.map((item) => item.id)).toEqual([own.id]);
    });

    it("a vendor's API key and its admins manage its endpoints; its developer, another vendor and people's routes do not reach them", async () => {
      const created = await create(
        vendorKey,
        { url: hookUrl('vendor'), eventTypes: ['device.presence'] },
        vendorWebhooks(),
      );
      expect(created.homeId).toBeNull();
      const item = `${vendorWebhooks()}/${created.id}`;
      const adminList = await call<WebhookList>(admin.tokens.accessToken, 'GET', vendorWebhooks());
      expect(adminList.body.items.map((endpoint) => endpoint.id)).toContain(created.id);
      expect(
        await call(admin.tokens.accessToken, 'PATCH', item, { description: 'from the admin' }),
      ).toMatchObject({ status: 200, body: { description: 'from the admin' } });

      expect(await call(developer.tokens.accessToken, 'GET', item)).toMatchObject({
        status: 403,
        body: { code: 'VENDOR_ROLE_INSUFFICIENT' },
      });
      const rivalAdmin = await instance.createUser();
      const rivalVendor = createVendorId();
      await makeVendorAdmin(environment.pool, rivalVendor, rivalAdmin);
      const rivalKey = (
        await vendorCalls.createKey(rivalAdmin, rivalVendor, ['webhooks:read', 'webhooks:write'])
      ).key;
      for (const token of [rivalKey, rivalAdmin.tokens.accessToken]) {
        expect(await call(token, 'GET', item)).toMatchObject({
          status: 404,
          body: { code: 'VENDOR_NOT_FOUND' },
        });
        expect(await call(token, 'DELETE', item)).toMatchObject({
          status: 404,
          body: { code: 'VENDOR_NOT_FOUND' },
        });
      }
      const rivalItem = `/v1/vendors/${rivalVendor}/webhooks/${created.id}`;
      expect(await call(rivalKey, 'GET', rivalItem)).toMatchObject({
        status: 404,
        body: { code: 'WEBHOOK_NOT_FOUND' },
      });
      expect(await call(vendorKey, 'GET', '/v1/webhooks')).toMatchObject({
        status: 403,
        body: { code: 'CALLER_KIND_NOT_ALLOWED' },
      });
      const adminsOwn = await call<WebhookList>(admin.tokens.accessToken, 'GET', '/v1/webhooks');
      expect(adminsOwn.body.items.map((endpoint) => endpoint.id)).not.toContain(created.id);
      const home = await helpers.createHome(admin);
      expect(
        await call(vendorKey, 'POST', vendorWebhooks(), {
          url: hookUrl('vendor'),
          eventTypes: ['device.presence'],
          homeId: home.id,
        }),
      ).toMatchObject({ status: 400, body: { code: 'WEBHOOK_HOME_NOT_ALLOWED' } });
      expect((await call(vendorKey, 'DELETE', item)).status).toBe(204);
    });

    it('a state change reaches exactly the endpoints in scope: owners with the home id, the vendor without, none for a former member or another type', async () => {
      const owner = await instance.createUser();
      const member = await instance.createUser();
      const formerMember = await instance.createUser();
      const home = await helpers.createHome(owner);
      const otherHome = await helpers.createHome(owner, 'Cabin');
      await helpers.join(owner, home.id, member, 'member');
      await helpers.join(owner, home.id, formerMember, 'member');
      const deviceId = await deviceIn(home, owner);
      const stateChanged = ['device.state-changed'];
      const ownerAll = await create(owner.tokens.accessToken, {
        url: hookUrl('all'),
        eventTypes: stateChanged,
      });
      const ownerHome = await create(owner.tokens.accessToken, {
        url: hookUrl('home'),
        eventTypes: ['device.presence', 'device.state-changed'],
        homeId: home.id,
      });
      await create(owner.tokens.accessToken, {
        url: hookUrl('cabin'),
        eventTypes: stateChanged,
        homeId: otherHome.id,
      });
      const memberEndpoint = await create(member.tokens.accessToken, {
        url: hookUrl('member'),
        eventTypes: stateChanged,
      });
      await create(member.tokens.accessToken, { url: hookUrl('presence'), eventTypes: ['device.presence'] });
      await create(formerMember.tokens.accessToken, { url: hookUrl('former'), eventTypes: stateChanged });
      const vendorEndpoint = await create(
        vendorKey,
        { url: hookUrl('vendor'), eventTypes: ['device.state-changed', 'device.command-finished'] },
        vendorWebhooks(),
      );
      const left = await helpers
        .as(formerMember)
        .call('DELETE', `/v1/homes/${home.id}/members/${formerMember.id}`);
      expect(left.status).toBe(204);

      const first = await publishState(deviceId, 1);
      await seen.deliveriesTo(ownerAll.id);
      // A later event of the device: once its requests are here, every request of the first one is too.
      await publishState(deviceId, 2);
      await seen.deliveriesTo(ownerAll.id, 2);

      const requests = requestsOf(first);
      expect(endpointsOf(requests)).toEqual(
        [ownerAll.id, ownerHome.id, memberEndpoint.id, vendorEndpoint.id].sort(),
      );
      const toOwner = requests.find((request) => request.endpointId === ownerAll.id) as DeliveryRequest;
      expect(toOwner).toMatchObject({
        url: ownerAll.url,
        secret: ownerAll.secret,
        eventType: 'device.state-changed',
        messageId: webhookMessageIdOf(first),
      });
      const expectedData = {
        deviceId,
        changed: { temperature: 1 },
        state: { temperature: 1, setpoint: 21 },
        reportedAt: new Date(reportedAt + 1).toISOString(),
      };
      expect(parsedBody(toOwner)).toEqual({
        type: 'device.state-changed',
        timestamp: new Date(reportedAt + 1).toISOString(),
        data: { ...expectedData, homeId: home.id },
      });
      const toVendor = requests.find(
        (request) => request.endpointId === vendorEndpoint.id,
      ) as DeliveryRequest;
      expect(parsedBody(toVendor).data).toEqual(expectedData);
      for (const request of requests) expect(Value.Check(WebhookEventBody, parsedBody(request))).toBe(true);
    });

    it('a redelivered event gives the same delivery ids; presence and finished commands carry their public data; a device in no home reaches its vendor only', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const deviceId = await deviceIn(home, owner);
      const unclaimed = await deviceIn(undefined);
      const ownerEndpoint = await create(owner.tokens.accessToken, {
        url: hookUrl('owner'),
        eventTypes: ['device.state-changed', 'device.presence', 'device.command-finished'],
      });
      const vendorEndpoint = await create(
        vendorKey,
        { url: hookUrl('vendor'), eventTypes: ['device.state-changed', 'device.command-finished'] },
        vendorWebhooks(),
      );

      const messageId = await publishState(deviceId, 1);
      await seen.deliveriesTo(ownerEndpoint.id, 1);
      await publisher.publish(
        deviceStateChangedV1,
        {
          vendorId: vendor.vendorId,
          deviceId,
          changed: { temperature: 1 },
          state: { temperature: 1, setpoint: 21 },
          seq: 1,
          reportedAt: reportedAt + 1,
        },
        { messageId },
      );
      const twice = await seen.deliveriesTo(ownerEndpoint.id, 2);
      expect(twice.map((request) => request.messageId)).toEqual([
        webhookMessageIdOf(messageId),
        webhookMessageIdOf(messageId),
      ]);
      expect(twice[1]?.body).toBe(twice[0]?.body);

      const at = reportedAt + 50;
      await publisher.publish(devicePresenceV1, {
        vendorId: vendor.vendorId,
        deviceId,
        status: 'offline',
        reason: 'connection_lost',
        at,
      });
      const [, , presence] = await seen.deliveriesTo(ownerEndpoint.id, 3);
      expect(parsedBody(presence as DeliveryRequest)).toEqual({
        type: 'device.presence',
        timestamp: new Date(at).toISOString(),
        data: {
          deviceId,
          homeId: home.id,
          status: 'offline',
          reason: 'connection_lost',
          at: new Date(at).toISOString(),
        },
      });
      await publisher.publish(deviceCommandFinishedV1, {
        vendorId: vendor.vendorId,
        deviceId,
        commandId: 'cmd-1',
        name: 'reboot',
        status: 'done',
        finishedAt: at + 1,
      });
      const [, , , command] = await seen.deliveriesTo(ownerEndpoint.id, 4);
      expect(parsedBody(command as DeliveryRequest).data).toEqual({
        deviceId,
        homeId: home.id,
        commandId: 'cmd-1',
        name: 'reboot',
        status: 'done',
        finishedAt: new Date(at + 1).toISOString(),
      });
      const toVendor = seen.deliveries.filter((request) => request.endpointId === vendorEndpoint.id);
      expect(toVendor.map((request) => request.eventType)).toEqual(
        expect.arrayContaining(['device.state-changed', 'device.command-finished']),
      );
      expect(toVendor.map((request) => request.eventType)).not.toContain('device.presence');

      const homeless = await publishState(unclaimed, 1);
      const vendorsBefore = toVendor.length;
      await seen.deliveriesTo(vendorEndpoint.id, vendorsBefore + 1);
      const vendors = await environment.pool.query<{ id: string }>(
        'SELECT id FROM public_api.webhook_endpoints WHERE vendor_id = $1 ORDER BY id',
        [vendor.vendorId],
      );
      const requests = requestsOf(homeless);
      // The vendor's endpoints subscribed to state changes (this test's and an earlier one's), no one else's.
      expect(endpointsOf(requests)).toContain(vendorEndpoint.id);
      for (const request of requests) {
        expect(vendors.rows.map((row) => row.id)).toContain(request.endpointId);
        expect(parsedBody(request).data).not.toHaveProperty('homeId');
      }
    });

    it('an endpoint notifications gave up on shows disabled with its reason, its owner is told, and re-enabling resets it at notifications', async () => {
      const owner = await instance.createUser();
      const token = owner.tokens.accessToken;
      const endpoint = await create(token, {
        url: hookUrl('down'),
        eventTypes: ['device.presence'],
        description: 'alarm panel',
      });
      const disabledAt = Date.now();
      const disabled: MessagePayload<typeof webhookEndpointDisabledV1> = {
        endpointId: endpoint.id,
        failingSince: disabledAt - 86_400_000,
        lastError: 'HTTP 503 Service Unavailable',
        disabledAt,
      };
      await publisher.publish(webhookEndpointDisabledV1, disabled);
      const notice = await seen.notice(owner.id, 'webhook.disabled');
      expect(notice).toMatchObject({
        category: 'account',
        severity: 'warning',
        data: {
          url: endpoint.url,
          description: 'alarm panel',
          failingSince: disabled.failingSince,
          lastError: 'HTTP 503 Service Unavailable',
        },
        dedupKey: `webhook-disabled:${endpoint.id}:${disabledAt}`,
      });
      const item = `/v1/webhooks/${endpoint.id}`;
      expect(await call(token, 'GET', item)).toMatchObject({
        status: 200,
        body: { status: 'disabled', disabledReason: 'HTTP 503 Service Unavailable' },
      });

      // A replica that cannot reach notifications changes nothing: re-enabling must reset notifications first.
      for (const [method, body] of [
        ['PATCH', { enabled: true }],
        ['DELETE', undefined],
      ] as const) {
        expect(await cutOff.api(method, item, body, token)).toMatchObject({
          status: 503,
          body: { code: 'NOTIFICATIONS_UNAVAILABLE' },
        });
      }
      expect(await call(token, 'GET', item)).toMatchObject({ status: 200, body: { status: 'disabled' } });
      const enabled = { method: 'POST', route: '/webhook-endpoints/:endpointId/enable' } as const;
      const enabledBefore = await notificationsApi.answered(enabled);
      expect(await call(token, 'PATCH', item, { enabled: true })).toMatchObject({
        status: 200,
        body: { status: 'enabled', disabledReason: null },
      });
      expect(await notificationsApi.answered(enabled)).toBe(enabledBefore + 1);
    });

    it("a vendor endpoint's disabling tells each of the vendor's admins, not its developers", async () => {
      const endpoint = await create(
        vendorKey,
        { url: hookUrl('vendor-down'), eventTypes: ['device.presence'] },
        vendorWebhooks(),
      );
      const disabledAt = Date.now();
      await publisher.publish(webhookEndpointDisabledV1, {
        endpointId: endpoint.id,
        failingSince: disabledAt - 1000,
        lastError: 'connect ECONNREFUSED',
        disabledAt,
      });
      const notice = await seen.notice(admin.id, 'webhook.disabled');
      expect(notice.dedupKey).toBe(`webhook-disabled:${endpoint.id}:${disabledAt}`);
      expect(notice.data).toMatchObject({ description: null, lastError: 'connect ECONNREFUSED' });
      const read = await call<WebhookResponse>(vendorKey, 'GET', `${vendorWebhooks()}/${endpoint.id}`);
      expect(read.body.status).toBe('disabled');
      expect(seen.notices.filter((n) => n.userId === developer.id)).toEqual([]);
    });
  });
}
