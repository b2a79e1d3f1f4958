import type {
  ApiScope,
  CreatedPersonalTokenResponse,
  HomeResponse,
  WebhookCreatedResponse,
  WebhookResponse,
} from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { sendRaw, type RawRoute } from '../support/send-raw';
import { addVendorMember, createVendorCalls, createVendorId, makeVendorAdmin } from '../support/vendors';
import { startNotificationsApi } from '../support/webhooks';

/** A hostile caller, and what each route must answer them. */
interface Hostile {
  readonly name: string;
  readonly authorization: string | undefined;
  readonly status: number;
  readonly code: string;
  /** Only the routes that write (the caller's token may read). */
  readonly writesOnly?: boolean;
}

const bearer = (token: string) => `Bearer ${token}`;
const webhookScopes: ApiScope[] = ['webhooks:read', 'webhooks:write'];

export function describeIsolationWebhooks(shared: SharedTestEnvironment): void {
  describe('public-api webhook isolation: no hostile caller reads or changes an endpoint', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let notificationsApi: Awaited<ReturnType<typeof startNotificationsApi>>;
    let people: Record<
      'owner' | 'member' | 'stranger' | 'loggedOut' | 'admin' | 'developer' | 'rivalAdmin',
      TestUser
    >;
    let home: HomeResponse;
    let vendorId: string;
    let rivalVendorId: string;
    /** The victims: the owner's endpoint, the one the owner's app made, and the vendor's. */
    let endpoints: Record<'owner' | 'app' | 'vendor', WebhookCreatedResponse>;
    let tokens: Record<
      | 'appA'
      | 'appB'
      | 'ownerPatHomes'
      | 'ownerPatRead'
      | 'adminPat'
      | 'vendorKey'
      | 'vendorKeyDevices'
      | 'rivalKey',
      string
    >;

    beforeAll(async () => {
      environment = shared.begin();
      notificationsApi = await startNotificationsApi('papi_isolation_webhooks');
      instance = await environment.startInstance({ NOTIFICATIONS_API_URL: notificationsApi.url });
      const helpers = createHomeHelpers(instance);
      const user = () => instance.createUser();
      people = {
        ...{ owner: await user(), member: await user(), stranger: await user(), loggedOut: await user() },
        ...{ admin: await user(), developer: await user(), rivalAdmin: await user() },
      };
      await instance.api('DELETE', '/v1/sessions/current', undefined, people.loggedOut.tokens.accessToken);
      home = await helpers.createHome(people.owner);
      await helpers.join(people.owner, home.id, people.member, 'member');
      vendorId = createVendorId();
      rivalVendorId = createVendorId();
      await makeVendorAdmin(environment.pool, vendorId, people.admin);
      await addVendorMember(environment.pool, vendorId, people.developer, 'developer');
      await makeVendorAdmin(environment.pool, rivalVendorId, people.rivalAdmin);
      tokens = await createTokens();
      const create = async (token: string, path: string, body: Record<string, unknown>) => {
        const created = await instance.api<WebhookCreatedResponse>('POST', path, body, token);
        expect(created.status).toBe(201);
        return created.body;
      };
      const hook = { url: 'https://hooks.example.com/victim', eventTypes: ['device.presence'] };
      endpoints = {
        owner: await create(people.owner.tokens.accessToken, '/v1/webhooks', { ...hook, homeId: home.id }),
        app: await create(tokens.appA, '/v1/webhooks', hook),
        vendor: await create(tokens.vendorKey, `/v1/vendors/${vendorId}/webhooks`, hook),
      };
    });
    afterAll(async () => {
      await environment.close();
      await notificationsApi.close();
    });

    async function createTokens(): Promise<typeof tokens> {
      const vendorCalls = createVendorCalls(instance);
      const key = async (admin: TestUser, vendor: string, scopes: ApiScope[]) =>
        (await vendorCalls.createKey(admin, vendor, scopes)).key;
      const pat = async (user: TestUser, scopes: ApiScope[]) =>
        (
          await instance.api<CreatedPersonalTokenResponse>(
            'POST',
            '/v1/account/tokens',
            { name: `pat-${randomUUID()}`, scopes },
            user.tokens.accessToken,
          )
        ).body.token;
      // Two apps of a third vendor, both authorized by the owner with the webhook scopes.
      const appMaker = await instance.createUser();
      const appVendor = createVendorId();
      await makeVendorAdmin(environment.pool, appVendor, appMaker);
      const grant = async (name: string) => {
        const registered = await registerClient(instance, appMaker, appVendor, {
          name,
          scopes: webhookScopes,
        });
        const config = await discoverClient(instance, registered);
        const { tokens: granted } = await authorizeWithCode(instance, config, people.owner, {
          scope: webhookScopes.join(' '),
        });
        return granted.access_token;
      };
      return {
        appA: await grant('App A'),
        appB: await grant('App B'),
        ownerPatHomes: await pat(people.owner, ['homes:read']),
        ownerPatRead: await pat(people.owner, ['webhooks:read']),
        adminPat: await pat(people.admin, webhookScopes),
        vendorKey: await key(people.admin, vendorId, webhookScopes),
        vendorKeyDevices: await key(people.admin, vendorId, ['devices:read']),
        rivalKey: await key(people.rivalAdmin, rivalVendorId, webhookScopes),
      };
    }

    /** The routes of one endpoint under `base`, each with a body that would succeed for its owner. */
    const itemRoutes = (base: string, id: string): (RawRoute & { writes: boolean })[] => [
      { method: 'GET', path: `${base}/${id}`, writes: false },
      { method: 'PATCH', path: `${base}/${id}`, body: { description: 'taken over' }, writes: true },
      { method: 'PATCH', path: `${base}/${id}`, body: { url: 'https://evil.example.com/x' }, writes: true },
      { method: 'POST', path: `${base}/${id}/secret`, writes: true },
      { method: 'GET', path: `${base}/${id}/deliveries`, writes: false },
      { method: 'DELETE', path: `${base}/${id}`, writes: true },
    ];

    async function expectRefused(routes: (RawRoute & { writes: boolean })[], hostiles: Hostile[]) {
      const failures: string[] = [];
      let sent = 0;
      for (const hostile of hostiles) {
        for (const route of routes.filter((each) => each.writes || hostile.writesOnly !== true)) {
          const answer = await sendRaw(instance.running.http.url, route, hostile.authorization);
          sent += 1;
          if (answer.status !== hostile.status || answer.code !== hostile.code) {
            failures.push(`${hostile.name} ${route.method} ${route.path}: ${answer.status} ${answer.code}`);
          }
        }
      }
      expect(failures).toEqual([]);
      return sent;
    }

    const unauthenticated = (): Hostile[] => [
      { name: 'no token', authorization: undefined, status: 401, code: 'UNAUTHENTICATED' },
      { name: 'garbage', authorization: 'Bearer garbage', status: 401, code: 'ACCESS_TOKEN_INVALID' },
      {
        name: 'a logged-out session',
        authorization: bearer(people.loggedOut.tokens.accessToken),
        status: 401,
        code: 'SESSION_ENDED',
      },
    ];
    const notFound = { status: 404, code: 'WEBHOOK_NOT_FOUND' };

    it("people's endpoints: strangers, home members, other apps, under-scoped tokens and vendors are refused (71 requests)", async () => {
      const ownerRoutes = itemRoutes('/v1/webhooks', endpoints.owner.id);
      const appRoutes = itemRoutes('/v1/webhooks', endpoints.app.id);
      const scopeRefused = { status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' };
      const sent =
        (await expectRefused(ownerRoutes, [
          ...unauthenticated(),
          { name: 'a stranger', authorization: bearer(people.stranger.tokens.accessToken), ...notFound },
          {
            name: "a member of the owner's home",
            authorization: bearer(people.member.tokens.accessToken),
            ...notFound,
          },
          { name: "the owner's app A", authorization: bearer(tokens.appA), ...notFound },
          { name: "the owner's app B", authorization: bearer(tokens.appB), ...notFound },
          {
            name: "the owner's token without webhook scopes",
            authorization: bearer(tokens.ownerPatHomes),
            ...scopeRefused,
          },
          {
            name: "the owner's read-only token",
            authorization: bearer(tokens.ownerPatRead),
            ...scopeRefused,
            writesOnly: true,
          },
          {
            name: "the vendor's key",
            authorization: bearer(tokens.vendorKey),
            status: 403,
            code: 'CALLER_KIND_NOT_ALLOWED',
          },
        ])) +
        (await expectRefused(appRoutes, [
          { name: "the owner's other app", authorization: bearer(tokens.appB), ...notFound },
          { name: 'a stranger', authorization: bearer(people.stranger.tokens.accessToken), ...notFound },
        ]));
      // A stranger's endpoint on the owner's home, and the owner's app on a home it cannot see.
      const strangerOnHome = await instance.api(
        'POST',
        '/v1/webhooks',
        { url: 'https://hooks.example.com/spy', eventTypes: ['device.presence'], homeId: home.id },
        people.stranger.tokens.accessToken,
      );
      expect(strangerOnHome).toMatchObject({ status: 404, body: { code: 'HOME_NOT_FOUND' } });
      expect(sent + 1).toBe(71);
    });

    it("a vendor's endpoints: its developer, an admin's token, other vendors, people and under-scoped keys are refused (98 requests)", async () => {
      const base = `/v1/vendors/${vendorId}/webhooks`;
      const routes = [
        { method: 'GET', path: base, writes: false },
        {
          method: 'POST',
          path: base,
          body: { url: 'https://hooks.example.com/x', eventTypes: ['device.presence'] },
          writes: true,
        },
        ...itemRoutes(base, endpoints.vendor.id),
      ];
      const vendorNotFound = { status: 404, code: 'VENDOR_NOT_FOUND' };
      const roleRefused = { status: 403, code: 'VENDOR_ROLE_INSUFFICIENT' };
      const sent =
        (await expectRefused(routes, [
          ...unauthenticated(),
          {
            name: "the vendor's developer",
            authorization: bearer(people.developer.tokens.accessToken),
            ...roleRefused,
          },
          { name: "the admin's personal token", authorization: bearer(tokens.adminPat), ...roleRefused },
          { name: "another vendor's key", authorization: bearer(tokens.rivalKey), ...vendorNotFound },
          {
            name: "another vendor's admin",
            authorization: bearer(people.rivalAdmin.tokens.accessToken),
            ...vendorNotFound,
          },
          {
            name: 'a user of no vendor',
            authorization: bearer(people.stranger.tokens.accessToken),
            ...vendorNotFound,
          },
          { name: 'an OAuth app of a person', authorization: bearer(tokens.appA), ...vendorNotFound },
          {
            name: "the vendor's key without webhook scopes",
            authorization: bearer(tokens.vendorKeyDevices),
            status: 403,
            code: 'TOKEN_SCOPE_INSUFFICIENT',
          },
        ])) +
        // Each vendor on its own path with the other's endpoint id.
        (await expectRefused(itemRoutes(`/v1/vendors/${rivalVendorId}/webhooks`, endpoints.vendor.id), [
          { name: "another vendor's key", authorization: bearer(tokens.rivalKey), ...notFound },
          {
            name: "another vendor's admin",
            authorization: bearer(people.rivalAdmin.tokens.accessToken),
            ...notFound,
          },
        ])) +
        (await expectRefused(itemRoutes('/v1/webhooks', endpoints.vendor.id), [
          {
            name: "the vendor's admin as a person",
            authorization: bearer(people.admin.tokens.accessToken),
            ...notFound,
          },
        ]));
      expect(sent).toBe(98);
    });

    it('after every refusal, the endpoints are as they were and notifications was never called', async () => {
      const read = async (token: string, path: string) =>
        (await instance.api<WebhookResponse>('GET', path, undefined, token)).body;
      const withoutSecret = ({ secret: _secret, ...rest }: WebhookCreatedResponse) => rest;
      expect(await read(people.owner.tokens.accessToken, `/v1/webhooks/${endpoints.owner.id}`)).toEqual(
        withoutSecret(endpoints.owner),
      );
      expect(await read(people.owner.tokens.accessToken, `/v1/webhooks/${endpoints.app.id}`)).toEqual(
        withoutSecret(endpoints.app),
      );
      expect(await read(tokens.vendorKey, `/v1/vendors/${vendorId}/webhooks/${endpoints.vendor.id}`)).toEqual(
        withoutSecret(endpoints.vendor),
      );
      const secrets = await environment.pool.query<{ secret: string }>(
        'SELECT secret FROM public_api.webhook_endpoints ORDER BY created_at',
      );
      expect(secrets.rows.map((row) => row.secret)).toEqual([
        endpoints.owner.secret,
        endpoints.app.secret,
        endpoints.vendor.secret,
      ]);
      expect(await notificationsApi.answeredAll()).toBe(0);
      const audited = await environment.pool.query<{ action: string }>(
        "SELECT action FROM public_api.audit_entries WHERE action LIKE 'webhook.%' ORDER BY id",
      );
      expect(audited.rows.map((row) => row.action)).toEqual([
        'webhook.created',
        'webhook.created',
        'webhook.created',
      ]);
    });
  });
}
