import type { HomeDeviceResponse, HomeResponse, ProvisionedVendorDeviceResponse } from '@homeport/contracts';
import { brokerApiToken, requestJson, type BrokerApiProcess } from '@homeport/testing';
import { createTestVendor, type TestVendor } from './support/devices';
import {
  createTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from './support/environment';
import { createHomeHelpers } from './support/home-helpers';
import { addVendorMember } from './support/vendors';

/** A request that an entitled caller could make, and the refusal a hostile one must get. */
interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly authorization: string | undefined;
  readonly status: number;
  readonly code: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (user: TestUser) => `Bearer ${user.tokens.accessToken}`;

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

  beforeAll(async () => {
    environment = await createTestEnvironment('papi_isolation_devices', { brokerApi: true });
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
  });
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
      reissue: { method: 'POST', path: `${vendorDevices}/${unclaimed.id}/claim-code` },
    };
  };
  type RouteName = keyof ReturnType<typeof routes>;
  const homeRoutes: RouteName[] = ['claim', 'list', 'get', 'history', 'release', 'move'];
  const vendorRoutes: RouteName[] = ['provision', 'reissue'];

  const casesOf = (
    name: string,
    authorization: string | undefined,
    names: readonly RouteName[],
    refusal: { status: number; code: string },
    moveTo = strangerHome.id,
  ): Case[] => names.map((route) => ({ name, ...routes(moveTo)[route], authorization, ...refusal }));

  async function tokenCases(): Promise<Case[]> {
    const all = [...homeRoutes, ...vendorRoutes];
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
    const response = await fetch(`${instance.running.http.url}${entry.path}`, {
      method: entry.method,
      headers,
      body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
    });
    return { status: response.status, code: ((await response.json()) as { code?: string }).code };
  }

  it('no token, forged and ended tokens, other homes, members, removed members and other vendors: all refused, nothing changed', async () => {
    // 8 routes x 5 token forms = 40, and 31 requests of people who are not entitled: 71 (and 8 expired below).
    const cases = [...(await tokenCases()), ...peopleCases()];
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
    expect(answers).toHaveLength(71);
    expect(answers.filter((answer) => answer.status < 400)).toEqual([]);

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

  it('an expired access token is refused on every claiming route', async () => {
    instance.clock.advanceSeconds(instance.config.ACCESS_TOKEN_TTL_SECONDS + 60);
    const expired = casesOf('expired', bearer(people.owner), [...homeRoutes, ...vendorRoutes], {
      status: 401,
      code: 'ACCESS_TOKEN_EXPIRED',
    });
    for (const entry of expired)
      expect(await send(entry)).toEqual({ status: entry.status, code: entry.code });
  });
});
