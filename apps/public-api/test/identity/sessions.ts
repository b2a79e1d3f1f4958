import type { TokenPairResponse, UserResponse } from '@homeport/contracts';
import { type SharedTestEnvironment, type TestEnvironment, type TestInstance } from '../support/environment';

export function describeSessions(shared: SharedTestEnvironment): void {
  describe('public-api sessions', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
    });
    afterAll(async () => {
      await environment.close();
    });

    const refresh = (refreshToken: string) =>
      instance.api<TokenPairResponse & { code: string }>('POST', '/v1/sessions/refresh', { refreshToken });
    const readAccount = (accessToken: string) =>
      instance.api<UserResponse & { code: string }>('GET', '/v1/account', undefined, accessToken);

    it('a user logs in with the right password and gets a short-lived access token and a refresh token', async () => {
      const user = await instance.createUser();
      expect(user.tokens).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 30 * 86_400,
      });
      const header = JSON.parse(
        Buffer.from(user.tokens.accessToken.split('.')[0]!, 'base64url').toString(),
      ) as unknown;
      expect(header).toEqual({ alg: 'EdDSA', kid: 'test-key-1', typ: 'at+jwt' });
      expect(await readAccount(user.tokens.accessToken)).toMatchObject({
        status: 200,
        body: { id: user.id, email: user.email, emailVerified: true },
      });
    });

    it('a wrong password and an unknown email get the same 401 CREDENTIALS_INVALID', async () => {
      const user = await instance.createUser();
      const wrongPassword = await instance.api('POST', '/v1/sessions', {
        email: user.email,
        password: 'not-the-password',
      });
      const unknownEmail = await instance.api('POST', '/v1/sessions', {
        email: `nobody-${user.id}@example.com`,
        password: user.password,
      });
      for (const answer of [wrongPassword, unknownEmail]) {
        expect(answer).toMatchObject({
          status: 401,
          body: { code: 'CREDENTIALS_INVALID', message: 'the email or the password is not correct' },
        });
      }
    });

    it('the login email is matched without case or surrounding blanks', async () => {
      const user = await instance.createUser();
      const login = await instance.api('POST', '/v1/sessions', {
        email: ` ${user.email.toUpperCase()} `.trim(),
        password: user.password,
      });
      expect(login.status).toBe(201);
    });

    it('a refresh token is used once: each refresh answers a new pair that works', async () => {
      const user = await instance.createUser();
      const first = await refresh(user.tokens.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(user.tokens.refreshToken);
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      expect((await readAccount(second.body.accessToken)).status).toBe(200);
    });

    it('when a used refresh token comes back, its whole session ends: every token of it is refused', async () => {
      const user = await instance.createUser();
      const rotated = await refresh(user.tokens.refreshToken);
      expect(rotated.status).toBe(200);

      const replay = await refresh(user.tokens.refreshToken);
      expect(replay).toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
      // The thief's or the owner's newer token: both belong to the ended family.
      expect(await refresh(rotated.body.refreshToken)).toMatchObject({
        status: 401,
        body: { code: 'REFRESH_TOKEN_INVALID' },
      });
      for (const accessToken of [user.tokens.accessToken, rotated.body.accessToken]) {
        expect(await readAccount(accessToken)).toMatchObject({
          status: 401,
          body: { code: 'SESSION_ENDED' },
        });
      }
      // Another session of the same user is not affected.
      const other = await instance.api<TokenPairResponse>('POST', '/v1/sessions', {
        email: user.email,
        password: user.password,
      });
      expect((await readAccount(other.body.accessToken)).status).toBe(200);
    });

    it('two refreshes racing with one token: one succeeds, the other ends the session', async () => {
      const user = await instance.createUser();
      const answers = await Promise.all([
        refresh(user.tokens.refreshToken),
        refresh(user.tokens.refreshToken),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      const winner = answers.find((answer) => answer.status === 200)!;
      expect(await readAccount(winner.body.accessToken)).toMatchObject({
        status: 401,
        body: { code: 'SESSION_ENDED' },
      });
    });

    it('an unknown refresh token is 401 REFRESH_TOKEN_INVALID', async () => {
      expect(await refresh('a'.repeat(43))).toMatchObject({
        status: 401,
        body: { code: 'REFRESH_TOKEN_INVALID' },
      });
    });

    it('logout ends the session: its access and refresh tokens are refused, other sessions go on', async () => {
      const user = await instance.createUser();
      const other = await instance.api<TokenPairResponse>('POST', '/v1/sessions', {
        email: user.email,
        password: user.password,
      });
      const logout = await instance.api('DELETE', '/v1/sessions/current', undefined, user.tokens.accessToken);
      expect(logout.status).toBe(204);
      expect(await readAccount(user.tokens.accessToken)).toMatchObject({
        status: 401,
        body: { code: 'SESSION_ENDED' },
      });
      expect(await refresh(user.tokens.refreshToken)).toMatchObject({
        status: 401,
        body: { code: 'REFRESH_TOKEN_INVALID' },
      });
      expect((await readAccount(other.body.accessToken)).status).toBe(200);
    });

    it('an access token is refused once it expires; the refresh token then gets a new one', async () => {
      const user = await instance.createUser();
      instance.clock.advanceSeconds(901);
      expect(await readAccount(user.tokens.accessToken)).toMatchObject({
        status: 401,
        body: { code: 'ACCESS_TOKEN_EXPIRED' },
      });
      const renewed = await refresh(user.tokens.refreshToken);
      expect((await readAccount(renewed.body.accessToken)).status).toBe(200);
    });

    it('a session ends after REFRESH_TOKEN_TTL_SECONDS: its refresh token is refused', async () => {
      const user = await instance.createUser();
      instance.clock.advanceSeconds(30 * 86_400 + 1);
      expect(await refresh(user.tokens.refreshToken)).toMatchObject({
        status: 401,
        body: { code: 'REFRESH_TOKEN_INVALID' },
      });
    });
  });
}
