import type { CreatedApiKeyResponse, HomeResponse, InvitationResponse } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { sendRaw, type RawRoute } from '../support/send-raw';
import { userRoutes } from '../support/user-routes';
import { createVendorCalls, createVendorId, makeVendorAdmin } from '../support/vendors';

/** A route and a body that would succeed for an entitled caller; who it serves decides the refusals. */
interface Route extends RawRoute {
  /** vendor: a vendor's back end; admin: the vendor's admins; member: its members; user: any user. */
  readonly serves: 'vendor' | 'admin' | 'member' | 'user';
}

/** A hostile caller: its bearer token, and the refusal it gets on a route (null: it would be entitled). */
interface Hostile {
  readonly name: string;
  readonly token: string | undefined;
  refusal(route: Route): Refusal | null;
}

interface Refusal {
  readonly status: number;
  readonly code: string;
}

const bearer = (token: string | undefined) => (token === undefined ? undefined : `Bearer ${token}`);
const refused = (status: number, code: string) => () => ({ status, code });

export function describeIsolationVendors(shared: SharedTestEnvironment): void {
  describe('public-api vendor isolation matrix: every vendor route and every user route refuse every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let vendorId: string;
    let admin: TestUser;
    let developer: TestUser;
    let otherAdmin: TestUser;
    let nobody: TestUser;
    let keys: Record<'full' | 'underScoped' | 'revoked' | 'expired' | 'otherVendor', CreatedApiKeyResponse>;
    let home: HomeResponse;
    let invitation: InvitationResponse;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      const vendor = createVendorCalls(instance);
      [admin, developer, otherAdmin, nobody] = await Promise.all([
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
      ]);
      vendorId = createVendorId();
      const otherVendorId = createVendorId();
      await makeVendorAdmin(environment.pool, vendorId, admin);
      await makeVendorAdmin(environment.pool, otherVendorId, otherAdmin);
      await vendor.addMember(admin, vendorId, developer, 'developer');
      const allVendorScopes = ['products:read', 'products:write', 'devices:read', 'devices:write'] as const;
      keys = {
        full: await vendor.createKey(admin, vendorId, allVendorScopes),
        underScoped: await vendor.createKey(admin, vendorId, ['devices:write']),
        revoked: await vendor.createKey(admin, vendorId, allVendorScopes),
        expired: await vendor.createKey(admin, vendorId, allVendorScopes, 1),
        otherVendor: await vendor.createKey(otherAdmin, otherVendorId, allVendorScopes),
      };
      await vendor.call(
        admin.tokens.accessToken,
        'DELETE',
        `/v1/vendors/${vendorId}/api-keys/${keys.revoked.id}`,
      );
      // Past its end: the expiry itself (the clock moved) is tested in vendors/vendor-api-keys.ts.
      await environment.pool.query(
        "UPDATE public_api.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1",
        [keys.expired.id],
      );
      home = (
        await vendor.call<HomeResponse>(admin.tokens.accessToken, 'POST', '/v1/homes', {
          name: 'Lab',
          timeZone: 'UTC',
        })
      ).body;
      invitation = (
        await vendor.call<InvitationResponse>(
          admin.tokens.accessToken,
          'POST',
          `/v1/homes/${home.id}/invitations`,
          {
            email: nobody.email,
            role: 'owner',
          },
        )
      ).body;
    });
    afterAll(async () => {
      await environment.close();
    });

    /** Every route of vendors and their keys, on the vendor of `admin`. */
    const vendorRoutes = (): Route[] => [
      { method: 'GET', path: '/v1/vendors', serves: 'user' },
      { method: 'GET', path: `/v1/vendors/${vendorId}`, serves: 'vendor' },
      { method: 'GET', path: `/v1/vendors/${vendorId}/members`, serves: 'member' },
      {
        method: 'POST',
        path: `/v1/vendors/${vendorId}/invitations`,
        body: { email: `${randomUUID()}@example.com`, role: 'admin' },
        serves: 'admin',
      },
      { method: 'DELETE', path: `/v1/vendors/${vendorId}/members/${admin.id}`, serves: 'admin' },
      {
        method: 'POST',
        path: `/v1/vendors/${vendorId}/api-keys`,
        body: { name: 'stolen', scopes: ['devices:write'] },
        serves: 'admin',
      },
      { method: 'GET', path: `/v1/vendors/${vendorId}/api-keys`, serves: 'admin' },
      { method: 'DELETE', path: `/v1/vendors/${vendorId}/api-keys/${keys.full.id}`, serves: 'admin' },
    ];
    /** Every route for people that existed before vendors (homes, account, invitations). */
    const routesForPeople = (): Route[] =>
      userRoutes({
        password: admin.password,
        homeId: home.id,
        memberId: admin.id,
        invitationId: invitation.id,
      }).map((route) => ({ ...route, serves: 'user' as const }));

    function hostileCallers(): Hostile[] {
      const kindNotAllowed = { status: 403, code: 'CALLER_KIND_NOT_ALLOWED' };
      // A valid key is refused on every route for people; on the vendor's route as `onVendorRoute` says.
      const aKey = (onVendorRoute: Refusal | null) => (route: Route) =>
        route.serves === 'vendor' ? onVendorRoute : kindNotAllowed;
      // A signed-in user is refused on the back-end route; on member and admin routes as their role says.
      const aUser = (onMemberRoute: Refusal | null, onAdminRoute: Refusal | null) => (route: Route) =>
        ({ vendor: kindNotAllowed, user: null, member: onMemberRoute, admin: onAdminRoute })[route.serves];
      const notFound = { status: 404, code: 'VENDOR_NOT_FOUND' };
      const { key } = keys.full;
      return [
        { name: 'no token', token: undefined, refusal: refused(401, 'UNAUTHENTICATED') },
        {
          name: 'a key with a wrong secret',
          token: `${key.slice(0, -2)}${key.at(-2) === 'A' ? 'B' : 'A'}${key.at(-1)}`,
          refusal: refused(401, 'ACCESS_TOKEN_INVALID'),
        },
        {
          name: 'a made-up key',
          token: `hpk_${randomUUID().replaceAll('-', '')}${key.slice(-44)}`,
          refusal: refused(401, 'ACCESS_TOKEN_INVALID'),
        },
        { name: 'a revoked key', token: keys.revoked.key, refusal: refused(401, 'API_KEY_REVOKED') },
        { name: 'an expired key', token: keys.expired.key, refusal: refused(401, 'API_KEY_EXPIRED') },
        { name: "another vendor's key", token: keys.otherVendor.key, refusal: aKey(notFound) },
        {
          name: 'an under-scoped key',
          token: keys.underScoped.key,
          refusal: aKey({ status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' }),
        },
        { name: "the vendor's own key", token: keys.full.key, refusal: aKey(null) },
        {
          name: 'a developer doing admin work',
          token: developer.tokens.accessToken,
          refusal: aUser(null, { status: 403, code: 'VENDOR_ROLE_INSUFFICIENT' }),
        },
        { name: 'a user of no vendor', token: nobody.tokens.accessToken, refusal: aUser(notFound, notFound) },
        {
          name: "another vendor's admin",
          token: otherAdmin.tokens.accessToken,
          refusal: aUser(notFound, notFound),
        },
        {
          name: "the vendor's admin, on the vendor's back-end route",
          token: admin.tokens.accessToken,
          refusal: aUser(null, null),
        },
      ];
    }

    /** What a hostile request could change (a key's last use is bookkeeping of a valid key, left out). */
    const snapshot = async () => {
      const queries = [
        'SELECT id, vendor_id, name, scopes, expires_at, revoked_at FROM public_api.api_keys ORDER BY id',
        ...[
          'vendor_members',
          'invitations',
          'homes',
          'home_members',
          'audit_entries',
          'sessions',
          'users',
        ].map((table) => `SELECT * FROM public_api.${table} ORDER BY 1, 2`),
      ];
      return Promise.all(queries.map(async (query) => (await environment.pool.query(query)).rows));
    };

    // 84 hostile requests on the 8 vendor routes and 65 on the 13 user routes (the 3 live keys and the revoked
    // and expired ones on each): 149, beside isolation/isolation.ts's.
    it('149 hostile requests: each refused with its status and code, none succeeding, nothing changed', async () => {
      const before = await snapshot();
      const cases: { name: string; route: Route; token: string | undefined; status: number; code: string }[] =
        [];
      for (const hostile of hostileCallers()) {
        for (const route of vendorRoutes()) {
          const refusal = hostile.refusal(route);
          if (refusal !== null) cases.push({ name: hostile.name, route, token: hostile.token, ...refusal });
        }
      }
      const keysOnUserRoutes = [
        { name: "the vendor's own key", token: keys.full.key, status: 403, code: 'CALLER_KIND_NOT_ALLOWED' },
        {
          name: 'an under-scoped key',
          token: keys.underScoped.key,
          status: 403,
          code: 'CALLER_KIND_NOT_ALLOWED',
        },
        {
          name: "another vendor's key",
          token: keys.otherVendor.key,
          status: 403,
          code: 'CALLER_KIND_NOT_ALLOWED',
        },
        { name: 'a revoked key', token: keys.revoked.key, status: 401, code: 'API_KEY_REVOKED' },
        { name: 'an expired key', token: keys.expired.key, status: 401, code: 'API_KEY_EXPIRED' },
      ];
      for (const route of routesForPeople()) {
        for (const key of keysOnUserRoutes) cases.push({ ...key, route });
      }

      const label = (entry: (typeof cases)[number]) =>
        `${entry.name}: ${entry.route.method} ${entry.route.path}`;
      const answers = [];
      for (const entry of cases)
        answers.push({
          case: label(entry),
          ...(await sendRaw(instance.running.http.url, entry.route, bearer(entry.token))),
        });
      expect(answers).toEqual(
        cases.map((entry) => ({ case: label(entry), status: entry.status, code: entry.code })),
      );
      expect(answers.length).toBe(149);
      expect(answers.filter((answer) => answer.status < 400)).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });
  });
}
