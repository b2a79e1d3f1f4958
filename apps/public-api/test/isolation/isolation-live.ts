import type { CreatedPersonalTokenResponse, HomeResponse } from '@homeport/contracts';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { createVendorCalls, createVendorId, makeVendorAdmin } from '../support/vendors';

/** A hostile request to the stream route, and the refusal it must get (before any stream opens). */
interface Case {
  readonly name: string;
  readonly query: string;
  readonly token: string | undefined;
  readonly status: number;
  readonly code: string;
}

export function describeIsolationLive(shared: SharedTestEnvironment): void {
  // The live stream route × hostile callers: no or forged tokens, people outside the home (a stranger, a
  // removed member, a vendor member), a vendor's API key, and a personal token without devices:read. Events
  // reaching no one outside the home is test/reported-devices/live.ts's (another owner, a forged Last-Event-ID).
  describe('public-api live stream isolation: GET /v1/live refuses every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let people: Record<'owner' | 'stranger' | 'removed' | 'maker', TestUser>;
    let home: HomeResponse;
    let apiKey: string;
    let tokenWithoutDevices: string;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      const helpers = createHomeHelpers(instance);
      const user = () => instance.createUser();
      people = { owner: await user(), stranger: await user(), removed: await user(), maker: await user() };
      home = await helpers.createHome(people.owner);
      await helpers.createHome(people.stranger);
      await helpers.join(people.owner, home.id, people.removed, 'member');
      await helpers.as(people.owner).call('DELETE', `/v1/homes/${home.id}/members/${people.removed.id}`);
      const vendorId = createVendorId();
      await makeVendorAdmin(environment.pool, vendorId, people.maker);
      apiKey = (await createVendorCalls(instance).createKey(people.maker, vendorId, ['devices:read'])).key;
      const created = await helpers
        .as(people.owner)
        .call<CreatedPersonalTokenResponse>('POST', '/v1/account/tokens', {
          name: 'script',
          scopes: ['homes:read'],
        });
      tokenWithoutDevices = created.body.token;
    });
    afterAll(async () => {
      await environment.close();
    });

    it('no token, forged tokens, other people, a vendor key and a token without the scope: all refused', async () => {
      const ofHome = `?homeId=${home.id}`;
      const homeNotFound = { status: 404, code: 'HOME_NOT_FOUND' };
      const cases: Case[] = [
        { name: 'no token', query: ofHome, token: undefined, status: 401, code: 'UNAUTHENTICATED' },
        { name: 'not a token', query: ofHome, token: 'nonsense', status: 401, code: 'ACCESS_TOKEN_INVALID' },
        {
          name: "another home's owner",
          query: ofHome,
          token: people.stranger.tokens.accessToken,
          ...homeNotFound,
        },
        {
          name: 'a removed member',
          query: ofHome,
          token: people.removed.tokens.accessToken,
          ...homeNotFound,
        },
        { name: 'a vendor member', query: ofHome, token: people.maker.tokens.accessToken, ...homeNotFound },
        {
          name: "a vendor's API key",
          query: '',
          token: apiKey,
          status: 403,
          code: 'CALLER_KIND_NOT_ALLOWED',
        },
        {
          name: 'a personal token without devices:read',
          query: '',
          token: tokenWithoutDevices,
          status: 403,
          code: 'TOKEN_SCOPE_INSUFFICIENT',
        },
      ];
      const answers = [];
      for (const entry of cases) {
        const response = await fetch(`${instance.running.http.url}/v1/live${entry.query}`, {
          headers: entry.token === undefined ? {} : { authorization: `Bearer ${entry.token}` },
        });
        const body = (await response.json()) as { code?: string };
        answers.push({ name: entry.name, status: response.status, code: body.code });
      }
      expect(answers).toEqual(cases.map(({ name, status, code }) => ({ name, status, code })));
    });
  });
}
