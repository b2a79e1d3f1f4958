import {
  mergePatchMediaType,
  type CommandResponse,
  type HomeDeviceResponse,
  type HomeResponse,
  type ProvisionedVendorDeviceResponse,
} from '@homeport/contracts';
import { brokerApiToken, requestJson, type BrokerApiProcess } from '@homeport/testing';
import { createTestVendor, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { addVendorMember, createVendorCalls } from '../support/vendors';

/** A request that an entitled caller could make, and the refusal a hostile one must get. */
interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly status: number;
  readonly code: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (user: TestUser) => `Bearer ${user.tokens.accessToken}`;

export function describeIsolationDevices(shared: SharedTestEnvironment): void {
  describe('public-api device claiming and history isolation: every such route refuses every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let people: Record<
      'owner' | 'stranger' | 'member' | 'removed' | 'maker' | 'otherMaker' | 'nobody',
      TestUser
    >;
    let home: HomeResponse;
    let strangerHome: HomeResponse;
    let memberHome: HomeResponse;
    let claimed: ProvisionedVendorDeviceResponse;
    let unclaimed: ProvisionedVendorDeviceResponse;
    let command: CommandResponse;
    /** Bearer credentials of apps and back ends: the vendor's key, the owner's and the stranger's OAuth grants. */
    let apps: Record<'vendorKey' | 'ownerHomesOnly' | 'ownerReadOnly' | 'strangerApp', string>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      helpers = createHomeHelpers(instance);
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi);
      const otherVendor = await createTestVendor(brokerApi);
      const user = () => instance.createUser();
      people = {
        ...{ owner: await user(), stranger: await user(), member: await user(), removed: await user() },
        ...{ maker: await user(), otherMaker: await user(), nobody: await user() },
      };
      await addVendorMember(environment.pool, vendor.vendorId, people.maker, 'developer');
      await addVendorMember(environment.pool, otherVendor.vendorId, people.otherMaker, 'admin');
      home = await helpers.createHome(people.owner);
      strangerHome = await helpers.createHome(people.stranger);
      memberHome = await helpers.createHome(people.member);
      await helpers.join(people.owner, home.id, people.member, 'member');
      await helpers.join(people.owner, home.id, people.removed, 'member');
      await helpers.as(people.owner).call('DELETE', `/v1/homes/${home.id}/members/${people.removed.id}`);
      const provision = () =>
        helpers
          .as(people.maker)
          .call<ProvisionedVendorDeviceResponse>('POST', `/v1/vendors/${vendor.vendorId}/devices`, {
            productId: vendor.productId,
          })
          .then((answer) => answer.body);
      claimed = await provision();
      unclaimed = await provision();
      const claim = { claimCode: claimed.claimCode };
      await helpers.as(people.owner).call('POST', `/v1/homes/${home.id}/devices/claim`, claim);
      const sent = await helpers
        .as(people.owner)
        .call<CommandResponse>('POST', `/v1/devices/${claimed.id}/commands`, commandBody);
      command = sent.body;
      apps = await createApps(otherVendor.vendorId);
    });

    const commandBody = { name: 'mode', params: { to: 'eco' }, ttlSeconds: 600 };

    /** A vendor key with device scopes, and OAuth grants (authorization code + PKCE, openid-client). */
    async function createApps(appVendorId: string): Promise<typeof apps> {
      const admin = people.otherMaker;
      const key = await createVendorCalls(instance).createKey(admin, appVendorId, [
        'devices:read',
        'devices:write',
      ]);
      const registered = await registerClient(instance, admin, appVendorId, {
        scopes: ['homes:read', 'devices:read', 'devices:write'],
      });
      const config = await discoverClient(instance, registered);
      const grant = async (user: TestUser, scope: string) =>
        `Bearer ${(await authorizeWithCode(instance, config, user, { scope })).tokens.access_token}`;
      return {
        vendorKey: `Bearer ${key.key}`,
        ownerHomesOnly: await grant(people.owner, 'homes:read'),
        ownerReadOnly: await grant(people.owner, 'homes:read devices:read'),
        strangerApp: await grant(people.stranger, 'devices:read devices:write'),
      };
    }
    afterAll(async () => {
      await environment.close();
    });

    /** The claiming routes, on the victim's home and vendor, each with a body that would succeed. */
    const routes = (moveTo: string) => {
      const device = `/v1/homes/${home.id}/devices/${claimed.id}`;
      const vendorDevices = `/v1/vendors/${vendor.vendorId}/devices`;
      return {
        claim: {
          method: 'POST',
          path: `/v1/homes/${home.id}/devices/claim`,
          body: { claimCode: unclaimed.claimCode },
        },
        list: { method: 'GET', path: `/v1/homes/${home.id}/devices` },
        get: { method: 'GET', path: device },
        history: { method: 'GET', path: `${device}/history` },
        release: { method: 'DELETE', path: device },
        move: { method: 'POST', path: `${device}/move`, body: { homeId: moveTo } },
        provision: { method: 'POST', path: vendorDevices, body: { productId: vendor.productId } },
        provisionBatch: {
          method: 'POST',
          path: `${vendorDevices}/batch`,
          body: { devices: [{ productId: vendor.productId }] },
        },
        reissue: { method: 'POST', path: `${vendorDevices}/${unclaimed.id}/claim-code` },
        ...ownerRoutes(),
      };
    };
    /** The routes of a person's devices (/v1/devices), on the victim's device. */
    const ownerRoutes = () => {
      const device = `/v1/devices/${claimed.id}`;
      const mergePatch = { 'content-type': mergePatchMediaType, 'if-match': '*' };
      return {
        listMine: { method: 'GET', path: `/v1/devices?homeId=${home.id}` },
        getMine: { method: 'GET', path: device },
        rename: { method: 'PATCH', path: device, body: { name: 'Hijacked' } },
        changeDesired: {
          method: 'PATCH',
          path: `${device}/desired`,
          body: { setpoint: 30 },
          headers: mergePatch,
        },
        sendCommand: { method: 'POST', path: `${device}/commands`, body: commandBody },
        listCommands: { method: 'GET', path: `${device}/commands` },
        getCommand: { method: 'GET', path: `${device}/commands/${command.id}` },
      };
    };
    type RouteName = keyof ReturnType<typeof routes>;
    const homeRoutes: RouteName[] = ['claim', 'list', 'get', 'history', 'release', 'move'];
    const vendorRoutes: RouteName[] = ['provision', 'provisionBatch', 'reissue'];
    const myDeviceRoutes: RouteName[] = [
      'listMine',
      'getMine',
      'rename',
      'changeDesired',
      'sendCommand',
      'listCommands',
      'getCommand',
    ];
    const myDeviceWrites: RouteName[] = ['rename', 'changeDesired', 'sendCommand'];

    const casesOf = (
      name: string,
      authorization: string | undefined,
      names: readonly RouteName[],
      refusal: { status: number; code: string },
      moveTo = strangerHome.id,
    ): Case[] => names.map((route) => ({ name, ...routes(moveTo)[route], authorization, ...refusal }));

    async function tokenCases(all: readonly RouteName[] = [...homeRoutes, ...vendorRoutes]): Promise<Case[]> {
      const [header, payload, signature] = people.owner.tokens.accessToken.split('.') as [
        string,
        string,
        string,
      ];
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const unsigned = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${payload}.`;
      const loggedOut = await instance.createUser();
      await instance.api('DELETE', '/v1/sessions/current', undefined, loggedOut.tokens.accessToken);
      const invalid = { status: 401, code: 'ACCESS_TOKEN_INVALID' };
      return [
        ...casesOf('no token', undefined, all, { status: 401, code: 'UNAUTHENTICATED' }),
        ...casesOf('not a JWT', 'Bearer not-a-jwt', all, invalid),
        ...casesOf('wrong signature', `Bearer ${header}.${payload}.${flipped}`, all, invalid),
        ...casesOf('alg none', `Bearer ${unsigned}`, all, invalid),
        ...casesOf('a logged-out session', bearer(loggedOut), all, { status: 401, code: 'SESSION_ENDED' }),
      ];
    }

    function peopleCases(): Case[] {
      const homeNotFound = { status: 404, code: 'HOME_NOT_FOUND' };
      const vendorNotFound = { status: 404, code: 'VENDOR_NOT_FOUND' };
      const ownersOnly = { status: 403, code: 'HOME_ROLE_INSUFFICIENT' };
      const viaOwnHome = `/v1/homes/${strangerHome.id}/devices/${claimed.id}`;
      const deviceNotFound = { status: 404, code: 'DEVICE_NOT_FOUND' };
      const stranger = bearer(people.stranger);
      return [
        ...casesOf("another home's owner", stranger, homeRoutes, homeNotFound),
        ...[
          { method: 'GET', path: viaOwnHome },
          { method: 'GET', path: `${viaOwnHome}/history` },
          { method: 'DELETE', path: viaOwnHome },
          { method: 'POST', path: `${viaOwnHome}/move`, body: { homeId: strangerHome.id } },
        ].map((route) => ({
          name: "another home's owner, through their own home",
          ...route,
          authorization: stranger,
          ...deviceNotFound,
        })),
        ...casesOf(
          'a member, where owners only',
          bearer(people.member),
          ['claim', 'release', 'move'],
          ownersOnly,
          memberHome.id,
        ),
        ...casesOf('a removed member', bearer(people.removed), homeRoutes, homeNotFound),
        ...casesOf("another vendor's member", bearer(people.otherMaker), vendorRoutes, vendorNotFound),
        ...casesOf('a user of no vendor', bearer(people.nobody), vendorRoutes, vendorNotFound),
        ...casesOf("the home owner's token", bearer(people.owner), vendorRoutes, vendorNotFound),
        ...casesOf("the vendor's member, in a home", bearer(people.maker), homeRoutes, homeNotFound),
      ];
    }

    async function send(entry: Case) {
      const headers: Record<string, string> =
        entry.authorization === undefined ? {} : { authorization: entry.authorization };
      if (entry.body !== undefined) headers['content-type'] = 'application/json';
      Object.assign(headers, entry.headers);
      const response = await fetch(`${instance.running.http.url}${entry.path}`, {
        method: entry.method,
        headers,
        body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
      });
      return { status: response.status, code: ((await response.json()) as { code?: string }).code };
    }

    /** Sends the cases one by one and expects each answered with its refusal (none succeeding). */
    async function sendAll(cases: readonly Case[]) {
      const answers = [];
      for (const entry of cases)
        answers.push({ case: `${entry.name}: ${entry.method} ${entry.path}`, ...(await send(entry)) });
      expect(answers).toEqual(
        cases.map((entry) => ({
          case: `${entry.name}: ${entry.method} ${entry.path}`,
          status: entry.status,
          code: entry.code,
        })),
      );
      expect(answers.filter((answer) => answer.status < 400)).toEqual([]);
      return answers;
    }

    it('no token, forged and ended tokens, other homes, members, removed members and other vendors: all refused, nothing changed', async () => {
      // 9 routes x 5 token forms = 45, and 34 requests of people who are not entitled: 79 (and 16 expired below:
      // these 9 routes and the 7 of a person's devices).
      const cases = [...(await tokenCases()), ...peopleCases()];
      const answers = await sendAll(cases);
      expect(answers).toHaveLength(79);

      // The claimed device is still the owner's, the unclaimed one claimable with its first code, and the vendor
      // has its two devices only.
      const owner = helpers.as(people.owner);
      expect((await owner.call('GET', `/v1/homes/${home.id}/devices/${claimed.id}`)).status).toBe(200);
      const vendorDevices = await requestJson<{ items: unknown[] }>(
        brokerApi.url,
        'GET',
        `/devices?vendorId=${vendor.vendorId}`,
        {
          token: brokerApiToken,
        },
      );
      expect(vendorDevices.body.items).toHaveLength(2);
      const claim = await owner.call<HomeDeviceResponse>('POST', `/v1/homes/${home.id}/devices/claim`, {
        claimCode: unclaimed.claimCode,
      });
      expect(claim).toMatchObject({ status: 200, body: { id: unclaimed.id, homeId: home.id } });
      // The member's claim attempt is the one refusal audited (the others never reached the home).
      const audit = await environment.pool.query<{ action: string; actor_user_id: string }>(
        "SELECT action, actor_user_id FROM public_api.audit_entries WHERE outcome = 'refused'",
      );
      expect(audit.rows).toEqual([{ action: 'device.claim-refused', actor_user_id: people.member.id }]);
    });

    /** Each of a person's device routes refused as a missing device (the list with the home: a missing home). */
    const asMissing = (name: string, authorization: string): Case[] =>
      myDeviceRoutes.map((route) => ({
        name,
        ...routes(strangerHome.id)[route],
        authorization,
        status: 404,
        code: route === 'listMine' ? 'HOME_NOT_FOUND' : 'DEVICE_NOT_FOUND',
      }));

    it("a person's device routes: forged and ended tokens, other homes, removed members, a member renaming, vendor keys and under-scoped apps: all refused, nothing changed", async () => {
      const scopeMissing = { status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' };
      const cases = [
        ...(await tokenCases(myDeviceRoutes)),
        ...asMissing("another home's owner", bearer(people.stranger)),
        ...asMissing('a removed member', bearer(people.removed)),
        ...asMissing("the vendor's member, in no home of the device", bearer(people.maker)),
        ...asMissing("another home's owner, through an app with every device scope", apps.strangerApp),
        ...casesOf('a member, where owners only', bearer(people.member), ['rename'], {
          status: 403,
          code: 'HOME_ROLE_INSUFFICIENT',
        }),
        ...casesOf('a vendor key', apps.vendorKey, myDeviceRoutes, {
          status: 403,
          code: 'CALLER_KIND_NOT_ALLOWED',
        }),
        ...casesOf(
          "the owner's app without device scopes",
          apps.ownerHomesOnly,
          myDeviceRoutes,
          scopeMissing,
        ),
        ...casesOf("the owner's app without devices:write", apps.ownerReadOnly, myDeviceWrites, scopeMissing),
      ];
      const answers = await sendAll(cases);
      // 7 routes x 5 token forms, 4 x 7 callers the device is missing to, 1 member, 7 vendor key, 7 + 3 apps.
      expect(answers).toHaveLength(81);

      // The device kept its name, desired state and its one command; nothing of theirs reached the audit log.
      const owner = helpers.as(people.owner);
      const device = await owner.call<{ name: string | null; desired: { version: number } }>(
        'GET',
        `/v1/devices/${claimed.id}`,
      );
      expect(device.body).toMatchObject({ name: null, desired: { version: 0 } });
      const commands = await owner.call<{ items: CommandResponse[] }>(
        'GET',
        `/v1/devices/${claimed.id}/commands`,
      );
      expect(commands.body.items.map((item) => item.id)).toEqual([command.id]);
      const audit = await environment.pool.query<{ action: string }>(
        "SELECT action FROM public_api.audit_entries WHERE device_id = $1 AND action IN ('desired.changed', 'device.renamed', 'command.sent')",
        [claimed.id],
      );
      expect(audit.rows).toEqual([{ action: 'command.sent' }]);
    });

    it("an expired access token is refused on every claiming route and every route of a person's devices", async () => {
      instance.clock.advanceSeconds(instance.config.ACCESS_TOKEN_TTL_SECONDS + 60);
      const expired = casesOf(
        'expired',
        bearer(people.owner),
        [...homeRoutes, ...vendorRoutes, ...myDeviceRoutes],
        {
          status: 401,
          code: 'ACCESS_TOKEN_EXPIRED',
        },
      );
      for (const entry of expired)
        expect(await send(entry)).toEqual({ status: entry.status, code: entry.code });
    });
  });
}
