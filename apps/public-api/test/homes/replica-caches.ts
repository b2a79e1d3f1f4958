import type { HomeList, InvitationResponse, TokenPairResponse } from '@homeport/contracts';
import { createHomeHelpers, type Answered } from '../support/home-helpers';
import * as support from '../support/environment';

type TestInstance = support.TestInstance;
type TestUser = support.TestUser;

export function describeReplicaCaches(shared: support.SharedTestEnvironment): void {
  // Two replicas on one database and one Redis: each remembers the sessions and home scopes it checked, and
  // every change made through one must hold on the other from the very next request.
  describe('public-api sessions and home scopes remembered by each replica', () => {
    let environment: support.TestEnvironment;
    let first: TestInstance;
    let second: TestInstance;

    beforeAll(async () => {
      environment = shared.begin();
      const replicas = { JWT_SIGNING_KEY: JSON.stringify(support.createSigningJwk('replicas')) };
      first = await environment.startInstance(replicas);
      second = await environment.startInstance(replicas);
    });
    afterAll(async () => {
      await environment.close();
    });

    const on = (instance: TestInstance) => ({
      as: (user: TestUser, accessToken = user.tokens.accessToken) => ({
        call: <T>(method: string, path: string, body?: unknown) =>
          instance.api<Answered<T>>(method, path, body, accessToken),
      }),
    });
    const sessionEnded = { status: 401, body: { code: 'SESSION_ENDED' } };

    it('a session logged out through one replica is refused by the other at once, though the other had just checked it', async () => {
      const user = await first.createUser();
      expect((await on(second).as(user).call('GET', '/v1/account')).status).toBe(200);
      expect((await on(second).as(user).call('GET', '/v1/homes')).status).toBe(200);

      expect((await on(first).as(user).call('DELETE', '/v1/sessions/current')).status).toBe(204);
      expect(await on(second).as(user).call('GET', '/v1/account')).toMatchObject(sessionEnded);
      expect(await on(first).as(user).call('GET', '/v1/account')).toMatchObject(sessionEnded);
    });

    it("a password changed through one replica ends the user's other sessions on both replicas at once", async () => {
      const user = await first.createUser();
      const other = await second.api<TokenPairResponse>('POST', '/v1/sessions', {
        email: user.email,
        password: user.password,
      });
      expect(other.status).toBe(201);
      for (const replica of [first, second]) {
        expect((await on(replica).as(user, other.body.accessToken).call('GET', '/v1/account')).status).toBe(
          200,
        );
      }

      const changed = await on(first).as(user).call('PUT', '/v1/account/password', {
        currentPassword: user.password,
        newPassword: 'another passphrase, long enough',
      });
      expect(changed.status).toBe(204);
      for (const replica of [second, first]) {
        expect(await on(replica).as(user, other.body.accessToken).call('GET', '/v1/account')).toMatchObject(
          sessionEnded,
        );
        expect((await on(replica).as(user).call('GET', '/v1/account')).status).toBe(200);
      }
    });

    it('a refresh token used twice through one replica ends its session on the other at once', async () => {
      const user = await first.createUser();
      expect((await on(second).as(user).call('GET', '/v1/account')).status).toBe(200);
      const refresh = () =>
        first.api('POST', '/v1/sessions/refresh', { refreshToken: user.tokens.refreshToken });
      expect((await refresh()).status).toBe(200);
      expect(await refresh()).toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
      expect(await on(second).as(user).call('GET', '/v1/account')).toMatchObject(sessionEnded);
    });

    it('a home created, joined and left through one replica is seen so by the other at once', async () => {
      const homes = createHomeHelpers(first);
      const owner = await first.createUser();
      const member = await first.createUser();
      // The other replica remembers both without the home.
      for (const user of [owner, member]) {
        expect((await on(second).as(user).call<HomeList>('GET', '/v1/homes')).body.items).toEqual([]);
      }

      const home = await homes.createHome(owner);
      expect(await on(second).as(owner).call('GET', `/v1/homes/${home.id}`)).toMatchObject({
        status: 200,
        body: { role: 'owner' },
      });

      const invited = await on(first)
        .as(owner)
        .call<InvitationResponse>('POST', `/v1/homes/${home.id}/invitations`, {
          email: member.email,
          role: 'member',
        });
      expect(invited.status).toBe(201);
      expect(await on(second).as(member).call('GET', `/v1/homes/${home.id}`)).toMatchObject({ status: 404 });
      expect(
        (await on(first).as(member).call('POST', `/v1/invitations/${invited.body.id}/accept`)).status,
      ).toBe(200);
      expect(await on(second).as(member).call('GET', `/v1/homes/${home.id}`)).toMatchObject({
        status: 200,
        body: { role: 'member' },
      });

      const removed = await on(first).as(owner).call('DELETE', `/v1/homes/${home.id}/members/${member.id}`);
      expect(removed.status).toBe(204);
      expect(await on(second).as(member).call('GET', `/v1/homes/${home.id}`)).toMatchObject({
        status: 404,
        body: { code: 'HOME_NOT_FOUND' },
      });
      expect(await on(second).as(member).call('GET', `/v1/homes/${home.id}/devices`)).toMatchObject({
        status: 404,
      });
    });
  });
}
