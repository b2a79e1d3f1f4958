import type { AcceptedResponse, TokenPairResponse, UserResponse } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import { type SharedTestEnvironment, type TestEnvironment, type TestInstance } from '../support/environment';

export function describeAccounts(shared: SharedTestEnvironment): void {
  describe('public-api accounts', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
    });
    afterAll(async () => {
      await environment.close();
    });

    const newEmail = () => `${randomUUID()}@example.com`;
    const login = (email: string, password: string) =>
      instance.api<TokenPairResponse & { code: string }>('POST', '/v1/sessions', { email, password });
    const readAccount = (accessToken: string) =>
      instance.api<UserResponse & { code: string }>('GET', '/v1/account', undefined, accessToken);

    it('sign-up stores a scrypt hash, never the password, and queues the verification email', async () => {
      const email = newEmail();
      const signUp = await instance.api('POST', '/v1/account/sign-up', {
        email,
        password: 'correct horse battery',
      });
      expect(signUp).toMatchObject({ status: 202, body: { status: 'accepted' } });
      const verification = await instance.emails.verification(email);
      expect(verification.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(verification.expiresAt).toBeGreaterThan(Date.now() + 86_000_000);

      const stored = await environment.pool.query<{ password_hash: string }>(
        'SELECT password_hash FROM public_api.users WHERE email = $1',
        [email],
      );
      // The suites' scrypt parameters (support/environment.ts); password-hashing.test.ts checks production's.
      expect(stored.rows[0]?.password_hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      const tokens = await environment.pool.query<{ token_hash: string }>(
        'SELECT token_hash FROM public_api.email_tokens WHERE user_id = $1',
        [verification.userId],
      );
      expect(tokens.rows.map((row) => row.token_hash)).not.toContain(verification.token);
    });

    it('a user logs in right after signing up, before the verification email has gone out', async () => {
      const email = newEmail();
      await instance.api('POST', '/v1/account/sign-up', { email, password: 'correct horse battery' });
      expect((await login(email, 'correct horse battery')).status).toBe(201);
    });

    it('sign-up with an address that has an account answers the same and sends nothing, the account is unchanged', async () => {
      const user = await instance.createUser();
      const before = instance.emails.all(user.email).length;
      const again = await instance.api<AcceptedResponse>('POST', '/v1/account/sign-up', {
        email: user.email.toUpperCase(),
        password: 'an attacker password',
      });
      const freshEmail = newEmail();
      const fresh = await instance.api<AcceptedResponse>('POST', '/v1/account/sign-up', {
        email: freshEmail,
        password: 'an attacker password',
      });
      expect(again).toEqual(fresh);
      await instance.deferredWorkDone();
      // The fresh address's email was queued after anything the repeated sign-up could have queued.
      await instance.emails.verification(freshEmail);
      expect(instance.emails.all(user.email)).toHaveLength(before);
      expect((await login(user.email, user.password)).status).toBe(201);
      expect((await login(user.email, 'an attacker password')).status).toBe(401);
    });

    it('the verification token confirms the address once; it is refused the second time', async () => {
      const user = await instance.createUser({ verified: false });
      expect((await readAccount(user.tokens.accessToken)).body.emailVerified).toBe(false);
      const { token } = await instance.emails.verification(user.email);
      const confirm = () => instance.api('POST', '/v1/account/email-verification/confirm', { token });
      expect((await confirm()).status).toBe(204);
      expect((await readAccount(user.tokens.accessToken)).body.emailVerified).toBe(true);
      expect(await confirm()).toMatchObject({
        status: 400,
        body: { code: 'TOKEN_INVALID', details: { fields: [{ path: '/token' }] } },
      });
    });

    it('the notifications service learns the address at sign-up, unverified, then verified once confirmed', async () => {
      const user = await instance.createUser({ verified: false });
      expect(await instance.emails.contact(user.email)).toMatchObject({
        userId: user.id,
        email: user.email,
        emailVerified: false,
      });
      const { token } = await instance.emails.verification(user.email);
      await instance.api('POST', '/v1/account/email-verification/confirm', { token });
      expect(await instance.emails.contact(user.email, 2)).toMatchObject({
        userId: user.id,
        emailVerified: true,
      });
    });

    it('an expired verification token is refused; asking again sends a new one that works', async () => {
      const user = await instance.createUser({ verified: false });
      const { token: expired } = await instance.emails.verification(user.email);
      instance.clock.advanceSeconds(86_401);
      const refresh = await instance.api<TokenPairResponse>('POST', '/v1/sessions/refresh', {
        refreshToken: user.tokens.refreshToken,
      });
      expect(
        await instance.api('POST', '/v1/account/email-verification/confirm', { token: expired }),
      ).toMatchObject({
        status: 400,
        body: { code: 'TOKEN_INVALID' },
      });
      const resend = await instance.api(
        'POST',
        '/v1/account/email-verification',
        undefined,
        refresh.body.accessToken,
      );
      expect(resend.status).toBe(202);
      const { token } = await instance.emails.verification(user.email, 2);
      expect(token).not.toBe(expired);
      expect((await instance.api('POST', '/v1/account/email-verification/confirm', { token })).status).toBe(
        204,
      );
    });

    it('a password change needs the current password and ends every other session, not this one', async () => {
      const user = await instance.createUser();
      const other = await login(user.email, user.password);
      const change = (currentPassword: string) =>
        instance.api(
          'PUT',
          '/v1/account/password',
          { currentPassword, newPassword: 'a brand new passphrase' },
          user.tokens.accessToken,
        );
      expect(await change('not my password')).toMatchObject({
        status: 403,
        body: { code: 'PASSWORD_INCORRECT' },
      });
      expect((await readAccount(other.body.accessToken)).status).toBe(200);

      expect((await change(user.password)).status).toBe(204);
      expect((await readAccount(user.tokens.accessToken)).status).toBe(200);
      expect(await readAccount(other.body.accessToken)).toMatchObject({
        status: 401,
        body: { code: 'SESSION_ENDED' },
      });
      expect(
        await instance.api('POST', '/v1/sessions/refresh', { refreshToken: other.body.refreshToken }),
      ).toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_INVALID' } });
      expect((await login(user.email, user.password)).status).toBe(401);
      expect((await login(user.email, 'a brand new passphrase')).status).toBe(201);
    });

    it('password reset: the same answer for any address, a token only for an account, single use, ends every session', async () => {
      const user = await instance.createUser();
      const unknown = newEmail();
      const forUser = await instance.api('POST', '/v1/account/password-reset', { email: user.email });
      const forUnknown = await instance.api('POST', '/v1/account/password-reset', { email: unknown });
      expect(forUser).toEqual(forUnknown);
      expect(forUser.status).toBe(202);
      const { token } = await instance.emails.passwordReset(user.email);
      // Every request processed, then one more waited for: had the unknown address got one, it would be here.
      await instance.deferredWorkDone();
      await instance.api('POST', '/v1/account/password-reset', { email: user.email });
      await instance.emails.passwordReset(user.email, 2);
      expect(instance.emails.all(unknown)).toEqual([]);

      const reset = () =>
        instance.api('POST', '/v1/account/password-reset/confirm', {
          token,
          newPassword: 'reset passphrase 1',
        });
      expect((await reset()).status).toBe(204);
      expect(await readAccount(user.tokens.accessToken)).toMatchObject({
        status: 401,
        body: { code: 'SESSION_ENDED' },
      });
      expect((await login(user.email, 'reset passphrase 1')).status).toBe(201);
      expect(await reset()).toMatchObject({ status: 400, body: { code: 'TOKEN_INVALID' } });
    });

    it('a reset token is refused once expired, and every older one is void once one is used', async () => {
      const user = await instance.createUser();
      await instance.api('POST', '/v1/account/password-reset', { email: user.email });
      const { token: older } = await instance.emails.passwordReset(user.email);
      await instance.api('POST', '/v1/account/password-reset', { email: user.email });
      const { token: newer } = await instance.emails.passwordReset(user.email, 2);
      expect(newer).not.toBe(older);
      const confirm = (token: string) =>
        instance.api('POST', '/v1/account/password-reset/confirm', {
          token,
          newPassword: 'reset passphrase 2',
        });
      expect((await confirm(newer)).status).toBe(204);
      expect(await confirm(older)).toMatchObject({ status: 400, body: { code: 'TOKEN_INVALID' } });

      await instance.api('POST', '/v1/account/password-reset', { email: user.email });
      const { token: late } = await instance.emails.passwordReset(user.email, 3);
      instance.clock.advanceSeconds(3601);
      expect(await confirm(late)).toMatchObject({ status: 400, body: { code: 'TOKEN_INVALID' } });
    });
  });
}
