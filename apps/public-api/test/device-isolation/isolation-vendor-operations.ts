import {
  vendorScopes,
  type ApiScope,
  type CommandList,
  type CommandResponse,
  type CredentialList,
  type DesiredStateResponse,
  type DeviceResponse,
  type ProductPage,
  type TokenPairResponse,
} from '@homeport/contracts';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createVendorFixtures, type VendorFixtures } from '../support/vendor-fixtures';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { createVendorCalls } from '../support/vendors';

/** A vendor route, a request an entitled caller could make, and the scope it needs. */
interface VendorRoute {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly scope: ApiScope;
}

/** The answer a refused request must get. */
interface Refusal {
  readonly status: number;
  readonly code: string;
}

/**
 * A hostile caller: its bearer token (undefined: none), the routes it tries and the refusal each must get;
 * `during` wraps its requests (e.g. a clock moved past the token's expiry).
 */
interface Hostile {
  readonly name: string;
  readonly token: string | undefined;
  readonly routes: readonly VendorRoute[];
  readonly refusal: (route: VendorRoute) => Refusal;
  readonly during?: (requests: () => Promise<void>) => Promise<void>;
}

/** The ids a vendor's routes are tried with: its own, or another vendor's. */
interface TargetIds {
  readonly productId: string;
  readonly deviceId: string;
  readonly credentialId: string;
  readonly commandId: string;
}

const always = (status: number, code: string) => (): Refusal => ({ status, code });

/** A mapping unlike the one the spare products have: a change by a hostile caller would show. */
const hostileMapping = {
  deviceType: 'temperature-sensor',
  capabilities: { currentTemperature: { property: 'temperature', unit: 'fahrenheit' } },
};

/** The spare products' mapping (the fixtures' products have a `targetTemperature` feature). */
const spareMapping = {
  deviceType: 'thermostat',
  capabilities: { targetTemperature: { property: 'targetTemperature', unit: 'celsius', min: 5, max: 30 } },
};

/** Every vendor route of public-api (22), on `vendorId`'s path with `ids`. */
function vendorRoutes(vendorId: string, ids: TargetIds): VendorRoute[] {
  const vendor = `/v1/vendors/${vendorId}`;
  const device = `${vendor}/devices/${ids.deviceId}`;
  const mapping = `${vendor}/products/${ids.productId}/assistant-mapping`;
  return [
    { method: 'GET', path: `${vendor}/products`, scope: 'products:read' },
    {
      method: 'POST',
      path: `${vendor}/products`,
      body: { id: 'intruder', name: 'Intruder', features: [] },
      scope: 'products:write',
    },
    { method: 'GET', path: `${vendor}/products/${ids.productId}`, scope: 'products:read' },
    { method: 'DELETE', path: `${vendor}/products/${ids.productId}`, scope: 'products:write' },
    { method: 'GET', path: mapping, scope: 'products:read' },
    { method: 'PUT', path: mapping, body: hostileMapping, scope: 'products:write' },
    { method: 'DELETE', path: mapping, scope: 'products:write' },
    { method: 'GET', path: `${vendor}/devices`, scope: 'devices:read' },
    ...deviceRoutes(device, ids),
  ];
}

/** The 14 routes of one device. */
function deviceRoutes(device: string, ids: TargetIds): VendorRoute[] {
  return [
    { method: 'GET', path: device, scope: 'devices:read' },
    { method: 'PATCH', path: device, body: { name: 'hijacked' }, scope: 'devices:write' },
    { method: 'DELETE', path: device, scope: 'devices:write' },
    { method: 'POST', path: `${device}/credentials`, scope: 'credentials:write' },
    { method: 'POST', path: `${device}/credentials/rotate`, scope: 'credentials:write' },
    { method: 'POST', path: `${device}/credentials/${ids.credentialId}/revoke`, scope: 'credentials:write' },
    { method: 'GET', path: `${device}/credentials`, scope: 'devices:read' },
    { method: 'GET', path: `${device}/shadow`, scope: 'devices:read' },
    { method: 'GET', path: `${device}/desired`, scope: 'devices:read' },
    {
      method: 'PUT',
      path: `${device}/desired`,
      body: { state: { targetTemperature: 30 } },
      scope: 'devices:write',
    },
    { method: 'PATCH', path: `${device}/desired`, body: { state: { mode: 'off' } }, scope: 'devices:write' },
    {
      method: 'POST',
      path: `${device}/commands`,
      body: { name: 'unlock', params: {}, ttlSeconds: 60 },
      scope: 'devices:write',
    },
    { method: 'GET', path: `${device}/commands`, scope: 'devices:read' },
    { method: 'GET', path: `${device}/commands/${ids.commandId}`, scope: 'devices:read' },
  ];
}

/** The product routes that name a product (tried with another vendor's product id). */
const productByIdRoutes = (routes: readonly VendorRoute[]) =>
  routes.filter((route) => /\/products\/[^/]+(\/assistant-mapping)?$/.test(route.path));

export function describeIsolationVendorOperations(shared: SharedTestEnvironment): void {
  describe('vendor operations isolation matrix: every vendor route refuses every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let fixtures: VendorFixtures;
    let acmeMember: TestUser;
    let globexMember: TestUser;
    let removedMember: TestUser;
    let homeOwner: TestUser;
    let loggedOut: TokenPairResponse;
    let acme: TargetIds;
    let globex: TargetIds;
    /**
     * API keys: globex's with every vendor scope, acme's with products:read only, and a revoked acme one; and
     * an OAuth access token of an app acme's admin authorized (devices:read and devices:write, for their homes).
     */
    let keys: { globex: string; acmeProductsRead: string; acmeRevoked: string; acmeAdminsApp: string };

    /**
     * A vendor with a product, a spare product (no devices, an assistant mapping), a device with a credential
     * and a command.
     */
    async function createVendorWithDevice(vendorId: string): Promise<TargetIds> {
      await fixtures.createVendor(vendorId);
      await fixtures.createProduct(vendorId, 'thermo');
      await fixtures.createProduct(vendorId, `${vendorId}-spare`);
      const mapped = await fixtures.admin(
        'PUT',
        `/vendors/${vendorId}/products/${vendorId}-spare/assistant-mapping`,
        spareMapping,
      );
      expect(mapped.status).toBe(200);
      const device = await fixtures.createDevice(vendorId, 'thermo', { id: `${vendorId}-target` });
      const credential = await fixtures.issueCredential(device.id);
      const command = await fixtures.admin<CommandResponse>('POST', `/devices/${device.id}/commands`, {
        name: 'reboot',
        params: {},
        ttlSeconds: 3600,
      });
      return {
        productId: `${vendorId}-spare`,
        deviceId: device.id,
        credentialId: credential.credentialId,
        commandId: command.body.id,
      };
    }

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      fixtures = createVendorFixtures(environment);
      [acmeMember, globexMember, removedMember, homeOwner] = [
        await instance.createUser(),
        await instance.createUser(),
        await instance.createUser(),
        await instance.createUser(),
      ];
      acme = await createVendorWithDevice('acme');
      globex = await createVendorWithDevice('globex');
      await fixtures.addMember('acme', acmeMember.id, 'admin');
      await fixtures.addMember('globex', globexMember.id, 'admin');
      await fixtures.addMember('acme', removedMember.id);
      await fixtures.removeMember('acme', removedMember.id);
      await instance.api(
        'POST',
        '/v1/homes',
        { name: 'Home', timeZone: 'UTC' },
        homeOwner.tokens.accessToken,
      );
      const second = await instance.api<TokenPairResponse>('POST', '/v1/sessions', {
        email: acmeMember.email,
        password: acmeMember.password,
      });
      loggedOut = second.body;
      await instance.api('DELETE', '/v1/sessions/current', undefined, loggedOut.accessToken);
      const calls = createVendorCalls(instance);
      const revoked = await calls.createKey(acmeMember, 'acme', ['products:read', 'devices:read']);
      const revocation = await calls.call(
        acmeMember.tokens.accessToken,
        'DELETE',
        `/v1/vendors/acme/api-keys/${revoked.id}`,
      );
      expect(revocation.status).toBe(204);
      const client = await registerClient(instance, acmeMember, 'acme', {
        scopes: ['devices:read', 'devices:write'],
      });
      const app = await discoverClient(instance, client);
      const authorized = await authorizeWithCode(instance, app, acmeMember, {
        scope: 'devices:read devices:write',
      });
      keys = {
        globex: (await calls.createKey(globexMember, 'globex', vendorScopes)).key,
        acmeProductsRead: (await calls.createKey(acmeMember, 'acme', ['products:read'])).key,
        acmeRevoked: revoked.key,
        acmeAdminsApp: authorized.tokens.access_token,
      };
    });
    afterAll(async () => {
      await environment.close();
    });

    function hostileCallers(): Hostile[] {
      const acmeRoutes = vendorRoutes('acme', acme);
      const token = acmeMember.tokens.accessToken;
      const [header, payload, signature] = token.split('.') as [string, string, string];
      // A character in the middle: the last one carries unused bits (RFC 4648 §3.5).
      const forged = `${header}.${payload}.${signature.slice(0, 20)}${signature[20] === 'A' ? 'B' : 'A'}${signature.slice(21)}`;
      const expirySeconds = instance.config.ACCESS_TOKEN_TTL_SECONDS + 1;
      const invalid = always(401, 'ACCESS_TOKEN_INVALID');
      const vendorNotFound = always(404, 'VENDOR_NOT_FOUND');
      const otherVendorsIds = (vendorId: string, ids: TargetIds) => {
        const routes = vendorRoutes(vendorId, ids);
        return [...productByIdRoutes(routes), ...routes.filter((route) => route.path.includes('/devices/'))];
      };
      const notFoundOf = (route: VendorRoute): Refusal =>
        route.path.includes('/devices/')
          ? { status: 404, code: 'DEVICE_NOT_FOUND' }
          : { status: 404, code: 'PRODUCT_NOT_FOUND' };
      return [
        { name: 'no token', token: undefined, routes: acmeRoutes, refusal: always(401, 'UNAUTHENTICATED') },
        { name: 'garbage token', token: 'not-a-jwt', routes: acmeRoutes, refusal: invalid },
        {
          name: "acme member's token with a forged signature",
          token: forged,
          routes: acmeRoutes,
          refusal: invalid,
        },
        {
          name: "acme member's token once expired",
          token,
          routes: acmeRoutes,
          refusal: always(401, 'ACCESS_TOKEN_EXPIRED'),
          async during(requests) {
            instance.clock.advanceSeconds(expirySeconds);
            try {
              await requests();
            } finally {
              instance.clock.advanceSeconds(-expirySeconds);
            }
          },
        },
        {
          name: "acme member's logged-out session",
          token: loggedOut.accessToken,
          routes: acmeRoutes,
          refusal: always(401, 'SESSION_ENDED'),
        },
        {
          name: 'a home owner of no vendor',
          token: homeOwner.tokens.accessToken,
          routes: acmeRoutes,
          refusal: vendorNotFound,
        },
        {
          name: "globex's admin",
          token: globexMember.tokens.accessToken,
          routes: acmeRoutes,
          refusal: vendorNotFound,
        },
        {
          name: 'a removed acme member',
          token: removedMember.tokens.accessToken,
          routes: acmeRoutes,
          refusal: vendorNotFound,
        },
        { name: "globex's API key", token: keys.globex, routes: acmeRoutes, refusal: vendorNotFound },
        {
          name: "acme's API key holding products:read only, on the routes needing another scope",
          token: keys.acmeProductsRead,
          routes: acmeRoutes.filter((route) => route.scope !== 'products:read'),
          refusal: always(403, 'TOKEN_SCOPE_INSUFFICIENT'),
        },
        {
          // An owner's app acts on the owner's homes: not on the vendor they work for, whatever its scopes.
          name: "an app acme's admin authorized with OAuth",
          token: keys.acmeAdminsApp,
          routes: acmeRoutes,
          refusal: (route) =>
            route.scope === 'devices:read' || route.scope === 'devices:write'
              ? { status: 404, code: 'VENDOR_NOT_FOUND' }
              : { status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' },
        },
        {
          name: "acme's revoked API key",
          token: keys.acmeRevoked,
          routes: acmeRoutes,
          refusal: always(401, 'API_KEY_REVOKED'),
        },
        {
          name: "globex's admin on globex's path with acme's ids",
          token: globexMember.tokens.accessToken,
          routes: otherVendorsIds('globex', acme),
          refusal: notFoundOf,
        },
        {
          name: "acme's admin on acme's path with globex's ids",
          token,
          routes: otherVendorsIds('acme', globex),
          refusal: notFoundOf,
        },
      ];
    }

    /** What broker-api holds of a vendor's target device and products (checked unchanged after). */
    async function brokerState(vendorId: string, ids: TargetIds) {
      const device = `/devices/${ids.deviceId}`;
      const [products, found, credentials, desired, commands] = await Promise.all([
        fixtures.admin<ProductPage>('GET', `/vendors/${vendorId}/products`),
        fixtures.admin<DeviceResponse>('GET', device),
        fixtures.admin<CredentialList>('GET', `${device}/credentials`),
        fixtures.admin<DesiredStateResponse>('GET', `${device}/desired`),
        fixtures.admin<CommandList>('GET', `${device}/commands`),
      ]);
      return {
        products: products.body.items.map(({ id, assistantMapping }) => ({ id, assistantMapping })),
        device: found.body,
        credentials: credentials.body.items,
        desired: desired.body,
        commands: commands.body.items.map((command) => command.id),
      };
    }

    it("the matrix's requests are ones acme's admin makes: every read route answers acme's admin 200", async () => {
      const reads = vendorRoutes('acme', acme).filter((route) => route.method === 'GET');
      const statuses = [];
      for (const route of reads) {
        const answer = await instance.api(route.method, route.path, undefined, acmeMember.tokens.accessToken);
        statuses.push(`${answer.status} ${route.path}`);
      }
      expect(statuses).toEqual(reads.map((route) => `200 ${route.path}`));
    });

    // 14 hostile callers: 11 x 22 routes + an under-scoped key x 19 + 2 x 19 (own vendor's path, another
    // vendor's product and device ids) = 299 requests, each refused with its expected status and code.
    it('299 hostile requests: all refused with the expected status and code, and broker-api unchanged', async () => {
      const before = [await brokerState('acme', acme), await brokerState('globex', globex)];
      const lastEntry = async () =>
        (
          await environment.pool.query<{ id: string | null }>(
            'SELECT max(id) AS id FROM public_api.audit_entries',
          )
        ).rows[0]?.id;
      const lastBefore = await lastEntry();
      const expected: { case: string; status: number; code: string }[] = [];
      const answers: { case: string; status: number; code: string | undefined }[] = [];
      for (const hostile of hostileCallers()) {
        const requests = async () => {
          for (const route of hostile.routes) {
            const label = `${hostile.name}: ${route.method} ${route.path}`;
            expected.push({ case: label, ...hostile.refusal(route) });
            const answer = await instance.api<{ code?: string }>(
              route.method,
              route.path,
              route.body,
              hostile.token,
            );
            answers.push({ case: label, status: answer.status, code: answer.body.code });
          }
        };
        await (hostile.during ?? ((run) => run()))(requests);
      }
      expect(answers).toEqual(expected);
      expect(answers).toHaveLength(299);

      expect([await brokerState('acme', acme), await brokerState('globex', globex)]).toEqual(before);
      expect(before[0]).toMatchObject({
        products: [
          { id: 'acme-spare', assistantMapping: spareMapping },
          { id: 'thermo', assistantMapping: null },
        ],
        desired: { version: 0 },
      });
      // Nothing was done, so nothing was written to the audit log.
      expect(await lastEntry()).toBe(lastBefore);
    });
  });
}
