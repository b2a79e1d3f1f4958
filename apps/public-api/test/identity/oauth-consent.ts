import type { RegisteredOAuthClientResponse } from '@homeport/contracts';
import { createHash, randomBytes } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { basicAuth, openConsentPage, postForm, registerClient, submitConsent } from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';

const redirectUri = 'https://assistant.acme.example/callback';

export function describeOauthConsent(shared: SharedTestEnvironment): void {
  // The authorization endpoint as a browser meets it, and the token endpoint as a hand-built client calls it.
  describe('public-api OAuth consent page and token endpoint', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let admin: TestUser;
    let owner: TestUser;
    let registered: RegisteredOAuthClientResponse;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      [admin, owner] = [await instance.createUser(), await instance.createUser()];
      const vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
      registered = await registerClient(instance, admin, vendorId, {
        name: 'Acme <script>alert(1)</script>',
      });
    });
    afterAll(async () => {
      await environment.close();
    });

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorizeUrl = (overrides: Record<string, string | undefined> = {}) => {
      const params: Record<string, string | undefined> = {
        response_type: 'code',
        client_id: registered.clientId,
        redirect_uri: redirectUri,
        scope: 'homes:read',
        state: 'xyz-state',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...overrides,
      };
      const query = new URLSearchParams(
        Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      return `${instance.running.http.url}/oauth/authorize?${query.toString()}`;
    };
    const approve = async (overrides: Record<string, string | undefined> = {}) => {
      const page = await openConsentPage(instance, authorizeUrl(overrides));
      const answer = await submitConsent(instance, page, {
        email: owner.email,
        password: owner.password,
        decision: 'approve',
      });
      return new URL(answer.location ?? '').searchParams.get('code') ?? '';
    };
    const exchange = (code: string, form: Record<string, string> = {}) =>
      postForm(
        instance,
        '/oauth/token',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          ...form,
        },
        { authorization: basicAuth(registered.clientId, registered.clientSecret ?? '') },
      );

    it('shows the client and the scopes in words, escaped, never framed or cached, with a strict CSRF cookie', async () => {
      const page = await openConsentPage(instance, authorizeUrl({ scope: 'homes:read devices:read' }));
      expect(page.status).toBe(200);
      expect(page.html).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.html).not.toContain('<script>');
      expect(page.html).toContain('read homes, their members and invitations');
      expect(page.html).toContain('read devices: an owner&#39;s in their homes');
      const response = await fetch(authorizeUrl());
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('set-cookie')).toMatch(
        /^hp_oauth_csrf=[\w-]{43}; Path=\/oauth; HttpOnly; SameSite=Strict/,
      );
      // Behind the ingress's TLS the cookie is Secure too.
      const behindTls = await fetch(authorizeUrl(), { headers: { 'x-forwarded-proto': 'https' } });
      expect(behindTls.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(response.headers.get('set-cookie')).not.toContain('Secure');
    });

    it.each([
      ['an unknown client', { client_id: '00000000-0000-4000-8000-000000000000' }],
      ['a client id that is not one', { client_id: 'nope' }],
      ['a redirect URI not registered', { redirect_uri: 'https://evil.example/callback' }],
      [
        'a redirect URI that only starts like one',
        { redirect_uri: `${redirectUri}?next=https://evil.example` },
      ],
      ['no redirect URI', { redirect_uri: undefined }],
    ])('%s is shown as an error page, never redirected to (RFC 6749 §4.1.2.1)', async (_name, overrides) => {
      const page = await openConsentPage(instance, authorizeUrl(overrides));
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
      expect(page.html).toContain('This request cannot be authorized');
    });

    it.each([
      ['a PKCE challenge without its method', { code_challenge_method: undefined }, 'invalid_request'],
      ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
      ['a response type other than code', { response_type: 'token' }, 'unsupported_response_type'],
      ['a scope the client may not ask for', { scope: 'homes:read account:write' }, 'invalid_scope'],
      ['a vendor scope', { scope: 'products:read' }, 'invalid_scope'],
      ['an unknown scope', { scope: 'homes:read everything' }, 'invalid_scope'],
    ])('%s is redirected back with its error and the state', async (_name, overrides, error) => {
      const page = await openConsentPage(instance, authorizeUrl(overrides));
      expect(page.status).toBe(302);
      const location = new URL(page.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('xyz-state');
    });

    it('denying redirects with access_denied and the state', async () => {
      const page = await openConsentPage(instance, authorizeUrl());
      const answer = await submitConsent(instance, page, { decision: 'deny' });
      expect(answer.status).toBe(303);
      const location = new URL(answer.location ?? '');
      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('state')).toBe('xyz-state');
      expect(location.searchParams.get('code')).toBeNull();
    });

    it('a form posted without the page cookie, or with another one, is refused (CSRF)', async () => {
      const page = await openConsentPage(instance, authorizeUrl());
      const credentials = { email: owner.email, password: owner.password, decision: 'approve' };
      for (const cookie of [null, `hp_oauth_csrf=${randomBytes(32).toString('base64url')}`]) {
        const answer = await submitConsent(instance, page, credentials, { cookie });
        expect(answer).toMatchObject({ status: 403, location: null });
      }
    });

    it('a wrong password shows the page again with no code; the right one redirects with a code and the state', async () => {
      const page = await openConsentPage(instance, authorizeUrl());
      const wrong = await submitConsent(instance, page, {
        email: owner.email,
        password: 'wrong password',
        decision: 'approve',
      });
      expect(wrong).toMatchObject({ status: 401, location: null });
      expect(wrong.html).toContain('The email or the password is not correct.');
      const right = await submitConsent(instance, page, {
        email: owner.email,
        password: owner.password,
        decision: 'approve',
      });
      expect(right.status).toBe(303);
      const location = new URL(right.location ?? '');
      expect(location.searchParams.get('code')).toMatch(/^hpc_[\w-]{43}$/);
      expect(location.searchParams.get('state')).toBe('xyz-state');
    });

    it('signing in on the consent page draws from the failed-login limits of the email: past them the right password gets 429 there and at login', async () => {
      const strict = await environment.startInstance({ RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '2/15m' });
      const victim = await strict.createUser();
      const page = await openConsentPage(
        strict,
        authorizeUrl().replace(instance.running.http.url, strict.running.http.url),
      );
      const attempt = (password: string) =>
        submitConsent(strict, page, { email: victim.email, password, decision: 'approve' });
      expect((await attempt('wrong guess 1')).status).toBe(401);
      expect((await attempt('wrong guess 2')).status).toBe(401);
      const blocked = await attempt('wrong guess 3');
      expect(blocked).toMatchObject({ status: 429, location: null });
      expect(blocked.html).toContain('Too many sign-in attempts');
      expect(await attempt(victim.password)).toMatchObject({ status: 429, location: null });
      const login = await strict.api('POST', '/v1/sessions', {
        email: victim.email,
        password: victim.password,
      });
      expect(login).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    });

    it('the token answer is not cached; the code is bound to the redirect URI, the verifier and the client', async () => {
      const tokens = await exchange(await approve());
      expect(tokens).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'homes:read' } });
      expect(tokens.headers.get('cache-control')).toBe('no-store');

      for (const [form, error] of [
        [{ redirect_uri: `${redirectUri}/other` }, 'invalid_grant'],
        [{ code_verifier: randomBytes(32).toString('base64url') }, 'invalid_grant'],
        [{ code_verifier: 'short' }, 'invalid_grant'],
        [{ code_verifier: '' }, 'invalid_request'],
      ] as const) {
        expect(await exchange(await approve(), form)).toMatchObject({ status: 400, body: { error } });
      }
      const other = await registerClient(instance, admin, registered.vendorId, { name: 'Other' });
      const stolen = await postForm(
        instance,
        '/oauth/token',
        {
          grant_type: 'authorization_code',
          code: await approve(),
          redirect_uri: redirectUri,
          code_verifier: verifier,
        },
        { authorization: basicAuth(other.clientId, other.clientSecret ?? '') },
      );
      expect(stolen).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    });

    it('a code expires after OAUTH_CODE_TTL_SECONDS', async () => {
      const code = await approve();
      instance.clock.advanceSeconds(121);
      expect(await exchange(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    });

    it('malformed token requests get RFC 6749 §5.2 errors, not the API shape', async () => {
      const auth = { authorization: basicAuth(registered.clientId, registered.clientSecret ?? '') };
      expect(await postForm(instance, '/oauth/token', {}, auth)).toMatchObject({
        status: 400,
        body: { error: 'invalid_request', error_description: 'grant_type is required' },
      });
      expect(await postForm(instance, '/oauth/token', { grant_type: 'password' }, auth)).toMatchObject({
        status: 400,
        body: { error: 'unsupported_grant_type' },
      });
      const twoWays = await postForm(
        instance,
        '/oauth/token',
        { grant_type: 'client_credentials', client_secret: registered.clientSecret ?? '' },
        auth,
      );
      expect(twoWays).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      const json = await fetch(`${instance.running.http.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expect({ status: json.status, body: await json.json() }).toMatchObject({
        status: 400,
        body: { error: 'invalid_request' },
      });
      const unknown = await postForm(instance, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: '00000000-0000-4000-8000-000000000000',
        client_secret: 'hps_x',
      });
      expect(unknown).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(unknown.headers.get('www-authenticate')).toBeNull();
      const badEncoding = await postForm(
        instance,
        '/oauth/token',
        { grant_type: 'client_credentials' },
        { authorization: `Basic ${Buffer.from(`%zz:${registered.clientSecret ?? ''}`).toString('base64')}` },
      );
      expect(badEncoding).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      // A confidential client cannot pass as a public one by leaving its secret out.
      const noSecret = await postForm(instance, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: registered.clientId,
      });
      expect(noSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    });
  });
}
