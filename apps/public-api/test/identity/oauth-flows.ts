import type { AuthorizationList, RegisteredOAuthClientResponse } from '@homeport/contracts';
import * as client from 'openid-client';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import {
  authorizeWithCode,
  discoverClient,
  openConsentPage,
  registerClient,
  submitConsent,
} from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';

export function describeOauthFlows(shared: SharedTestEnvironment): void {
  // The authorization-code + PKCE and client-credentials flows, driven by openid-client (v6) as a third
  // party's back end would drive them; the consent page by posting its form as the browser would.
  describe('public-api OAuth 2.0 flows with openid-client', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let admin: TestUser;
    let owner: TestUser;
    let vendorId: string;
    let confidential: RegisteredOAuthClientResponse;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      [admin, owner] = [await instance.createUser(), await instance.createUser()];
      vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
      confidential = await registerClient(instance, admin, vendorId);
    });
    afterAll(async () => {
      await environment.close();
    });

    const readHomes = (token: string) =>
      instance.api<{ code?: string }>('GET', '/v1/homes', undefined, token);
    const auditActions = async (userId: string) =>
      (
        await environment.pool.query<{ action: string }>(
          'SELECT action FROM public_api.audit_entries WHERE actor_user_id = $1 ORDER BY id',
          [userId],
        )
      ).rows.map((row) => row.action);

    it('the metadata document lets a client library discover every endpoint (RFC 8414)', async () => {
      const config = await discoverClient(instance, confidential);
      expect(config.serverMetadata()).toMatchObject({
        issuer: 'https://api.test.homeport.example',
        authorization_endpoint: 'https://api.test.homeport.example/oauth/authorize',
        token_endpoint: 'https://api.test.homeport.example/oauth/token',
        revocation_endpoint: 'https://api.test.homeport.example/oauth/revoke',
        code_challenge_methods_supported: ['S256'],
      });
    });

    it('a confidential client gets tokens through the consent page; they hold the approved scopes only', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, owner);
      expect(tokens).toMatchObject({
        token_type: 'bearer',
        scope: 'homes:read devices:read',
        expires_in: 3600,
      });
      expect(tokens.access_token).toMatch(/^hpo_/);
      expect(tokens.refresh_token).toMatch(/^hpr_/);
      expect((await readHomes(tokens.access_token)).status).toBe(200);
      const create = await instance.api(
        'POST',
        '/v1/homes',
        { name: 'Not allowed', timeZone: 'Europe/Paris' },
        tokens.access_token,
      );
      expect(create).toMatchObject({ status: 403, body: { code: 'TOKEN_SCOPE_INSUFFICIENT' } });
      expect(await auditActions(owner.id)).toContain('authorization.granted');
    });

    it('a public client (no secret) completes the flow with PKCE, and a wrong verifier is refused', async () => {
      const mobile = await registerClient(instance, admin, vendorId, {
        name: 'Acme Mobile',
        clientType: 'public',
        redirectUris: ['http://127.0.0.1:53682/callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['homes:read'],
      });
      expect(mobile.clientSecret).toBeUndefined();
      const config = await discoverClient(instance, mobile, 'none');
      const redirectUri = 'http://127.0.0.1:53682/callback';
      const { tokens } = await authorizeWithCode(instance, config, owner, {
        scope: 'homes:read',
        redirectUri,
      });
      expect((await readHomes(tokens.access_token)).status).toBe(200);

      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'homes:read',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const page = await openConsentPage(instance, url);
      const approved = await submitConsent(instance, page, {
        email: owner.email,
        password: owner.password,
        decision: 'approve',
      });
      const exchange = client.authorizationCodeGrant(config, new URL(approved.location ?? ''), {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      });
      await expect(exchange).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('a confidential client may leave PKCE out (as Google account linking does); a public client may not, and no PKCE downgrade passes (RFC 9700 §2.1.1)', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, owner, { pkce: false });
      expect(tokens.refresh_token).toMatch(/^hpr_/);
      expect((await readHomes(tokens.access_token)).status).toBe(200);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      expect((await readHomes(refreshed.access_token)).status).toBe(200);

      /** The redirect of an approval for an authorization URL, or of its refusal. */
      const redirectOf = async (url: URL) => {
        const page = await openConsentPage(instance, url);
        if (page.status !== 200) return new URL(page.location ?? '');
        const credentials = { email: owner.email, password: owner.password, decision: 'approve' };
        return new URL((await submitConsent(instance, page, credentials)).location ?? '');
      };
      const redirectUri = 'https://assistant.acme.example/callback';
      const withoutChallenge = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'homes:read',
      });
      // A verifier for a code issued without a challenge: someone stripped the challenge on the way.
      const stripped = client.authorizationCodeGrant(config, await redirectOf(withoutChallenge), {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      });
      await expect(stripped).rejects.toMatchObject({ error: 'invalid_grant' });
      // A code issued with a challenge still needs its verifier, confidential client or not.
      const withChallenge = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'homes:read',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      await expect(
        client.authorizationCodeGrant(config, await redirectOf(withChallenge)),
      ).rejects.toMatchObject({
        error: 'invalid_grant',
      });

      const mobile = await registerClient(instance, admin, vendorId, {
        name: 'Acme Mobile Without PKCE',
        clientType: 'public',
        redirectUris: [redirectUri],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['homes:read'],
      });
      const publicConfig = await discoverClient(instance, mobile, 'none');
      const refused = await redirectOf(
        client.buildAuthorizationUrl(publicConfig, {
          redirect_uri: redirectUri,
          scope: 'homes:read',
          state: 'public',
        }),
      );
      expect(refused.searchParams.get('error')).toBe('invalid_request');
      expect(refused.searchParams.get('state')).toBe('public');
    });

    it('a refresh token rotates; presenting a used one revokes the grant and every token of it', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, owner);
      const first = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      expect(first.refresh_token).not.toBe(tokens.refresh_token);
      expect((await readHomes(first.access_token)).status).toBe(200);

      await expect(client.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      for (const accessToken of [tokens.access_token, first.access_token]) {
        expect(await readHomes(accessToken)).toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
      }
      await expect(client.refreshTokenGrant(config, first.refresh_token ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });

    it('a refresh may narrow the scopes, never widen them', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, owner);
      const narrower = await client.refreshTokenGrant(config, tokens.refresh_token ?? '', {
        scope: 'homes:read',
      });
      expect(narrower.scope).toBe('homes:read');
      await expect(
        client.refreshTokenGrant(config, narrower.refresh_token ?? '', { scope: 'homes:read homes:write' }),
      ).rejects.toMatchObject({ error: 'invalid_scope' });
      // The refused request left the refresh token usable; without a scope, the grant's (RFC 6749 §6).
      const again = await client.refreshTokenGrant(config, narrower.refresh_token ?? '');
      expect(again.scope).toBe('homes:read devices:read');
    });

    it('a code used twice is refused, and the tokens of its first exchange are revoked (RFC 6749 §4.1.2)', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens, callback, verifier, state } = await authorizeWithCode(instance, config, owner);
      const replay = client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      await expect(replay).rejects.toMatchObject({ error: 'invalid_grant' });
      expect(await readHomes(tokens.access_token)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_REVOKED' },
      });
      await expect(client.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });

    it('client credentials (client_secret_post) give a vendor token with the vendor scopes asked for', async () => {
      const config = await discoverClient(instance, confidential, 'post');
      const tokens = await client.clientCredentialsGrant(config, { scope: 'products:read' });
      expect(tokens).toMatchObject({ scope: 'products:read', token_type: 'bearer' });
      expect(tokens.refresh_token).toBeUndefined();
      // A vendor's token on a route for people: recognized as the vendor's, and refused as such.
      expect(await readHomes(tokens.access_token)).toMatchObject({
        status: 403,
        body: { code: 'CALLER_KIND_NOT_ALLOWED' },
      });
      await expect(client.clientCredentialsGrant(config, { scope: 'devices:write' })).rejects.toMatchObject({
        error: 'invalid_scope',
      });
      const wrongSecret = await discoverClient(
        instance,
        { ...confidential, clientSecret: 'hps_wrong' },
        'post',
      );
      await expect(client.clientCredentialsGrant(wrongSecret)).rejects.toMatchObject({
        error: 'invalid_client',
      });
    });

    it('revocation (RFC 7009): an access token alone, a refresh token with its grant, an unknown token is no error', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, owner);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      await client.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
      expect(await readHomes(tokens.access_token)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_REVOKED' },
      });
      expect((await readHomes(refreshed.access_token)).status).toBe(200);

      await client.tokenRevocation(config, refreshed.refresh_token ?? '', {
        token_type_hint: 'refresh_token',
      });
      expect((await readHomes(refreshed.access_token)).status).toBe(401);
      await expect(client.refreshTokenGrant(config, refreshed.refresh_token ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await expect(client.tokenRevocation(config, 'hpo_never-issued')).resolves.toBeUndefined();
    });

    it('a user lists the apps they authorized and revokes one: its tokens stop working at once', async () => {
      const user = await instance.createUser();
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, user);
      const listed = await instance.api<AuthorizationList>(
        'GET',
        '/v1/account/authorizations',
        undefined,
        user.tokens.accessToken,
      );
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          clientId: confidential.clientId,
          clientName: 'Acme Assistant',
          scopes: ['devices:read', 'homes:read'],
        }),
      ]);
      const path = `/v1/account/authorizations/${confidential.clientId}`;
      expect((await instance.api('DELETE', path, undefined, user.tokens.accessToken)).status).toBe(204);
      expect(await readHomes(tokens.access_token)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_REVOKED' },
      });
      await expect(client.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect(await instance.api('DELETE', path, undefined, user.tokens.accessToken)).toMatchObject({
        status: 404,
        body: { code: 'AUTHORIZATION_NOT_FOUND' },
      });
      expect(await auditActions(user.id)).toEqual(['authorization.granted', 'authorization.revoked']);
    });

    it('deleting a client revokes every token it holds', async () => {
      const doomed = await registerClient(instance, admin, vendorId, { name: 'Doomed' });
      const config = await discoverClient(instance, doomed);
      const { tokens } = await authorizeWithCode(instance, config, owner);
      const own = await client.clientCredentialsGrant(config, { scope: 'products:read' });
      const path = `/v1/vendors/${vendorId}/oauth-clients/${doomed.clientId}`;
      expect((await instance.api('DELETE', path, undefined, admin.tokens.accessToken)).status).toBe(204);
      for (const accessToken of [tokens.access_token, own.access_token]) {
        expect(await readHomes(accessToken)).toMatchObject({
          status: 401,
          body: { code: 'ACCESS_TOKEN_INVALID' },
        });
      }
    });

    it('an OAuth access token expires after OAUTH_ACCESS_TOKEN_TTL_SECONDS', async () => {
      const config = await discoverClient(instance, confidential);
      const { tokens } = await authorizeWithCode(instance, config, owner);
      instance.clock.advanceSeconds(3601);
      expect(await readHomes(tokens.access_token)).toMatchObject({
        status: 401,
        body: { code: 'ACCESS_TOKEN_EXPIRED' },
      });
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      expect((await readHomes(refreshed.access_token)).status).toBe(200);
    });
  });
}
