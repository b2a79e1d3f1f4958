import type {
  CreatedPersonalTokenResponse,
  HomeResponse,
  RegisteredOAuthClientResponse,
} from '@homeport/contracts';
import * as client from 'openid-client';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { authorizeWithCode, basicAuth, discoverClient, postForm, registerClient } from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';

/** A request an entitled caller could make, and a hostile caller's credentials with the refusal it must get. */
interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly token: string | undefined;
  /** The instance to send it to: `expired` runs two days ahead. */
  readonly on?: 'expired';
  readonly status: number;
  readonly code: string;
}

const userScopesButAccount = ['homes:read', 'homes:write', 'devices:read', 'devices:write', 'audit:read'];

export function describeIsolationOauth(shared: SharedTestEnvironment): void {
  // Every route of the OAuth slice × hostile callers: 16 kinds of bad credentials on each of the 8 /v1 routes
  // (128), personal and OAuth tokens on the 4 older session-only routes (12), other people and tokens on the
  // routes that name a vendor, a client, a token or a home (21), and hostile clients at the token and
  // revocation endpoints (10): 168 requests, none succeeding, each with its expected status and code.
  // With isolation/isolation.ts (214), 382 hostile requests across the matrix files.
  describe('public-api OAuth isolation matrix: every OAuth route refuses every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let later: TestInstance;
    let admin: TestUser;
    let owner: TestUser;
    let outsider: TestUser;
    let developer: TestUser;
    let otherAdmin: TestUser;
    let vendorId: string;
    let assistant: RegisteredOAuthClientResponse;
    let rival: RegisteredOAuthClientResponse;
    let ownerPat: CreatedPersonalTokenResponse;
    let home: HomeResponse;

    const createPat = async (user: TestUser, scopes: string[], expiresInDays?: number) =>
      (
        await instance.api<CreatedPersonalTokenResponse>(
          'POST',
          '/v1/account/tokens',
          { name: `pat-${randomUUID()}`, scopes, ...(expiresInDays === undefined ? {} : { expiresInDays }) },
          user.tokens.accessToken,
        )
      ).body;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      later = await environment.startInstance();
      later.clock.advanceSeconds(2 * 86_400);
      [admin, owner, outsider, developer, otherAdmin] = await Promise.all([
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
      ]);
      vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
      await addVendorMember(environment.pool, vendorId, developer, 'developer');
      const rivalVendor = createVendorId();
      await addVendorMember(environment.pool, rivalVendor, otherAdmin, 'admin');
      assistant = await registerClient(instance, admin, vendorId);
      rival = await registerClient(instance, otherAdmin, rivalVendor, { name: 'Rival' });
      ownerPat = await createPat(owner, ['homes:read']);
      home = (
        await instance.api<HomeResponse>(
          'POST',
          '/v1/homes',
          { name: 'Owned', timeZone: 'UTC' },
          owner.tokens.accessToken,
        )
      ).body;
    });
    afterAll(async () => {
      await environment.close();
    });

    /** The slice's /v1 routes, each with a request that would succeed for its entitled caller. */
    const v1Routes = () => [
      {
        method: 'POST',
        path: `/v1/vendors/${vendorId}/oauth-clients`,
        body: {
          name: 'Intruder',
          clientType: 'confidential',
          redirectUris: ['https://intruder.example/cb'],
          grantTypes: ['authorization_code'],
          scopes: ['homes:read'],
        },
      },
      { method: 'GET', path: `/v1/vendors/${vendorId}/oauth-clients` },
      { method: 'DELETE', path: `/v1/vendors/${vendorId}/oauth-clients/${assistant.clientId}` },
      { method: 'GET', path: '/v1/account/authorizations' },
      { method: 'DELETE', path: `/v1/account/authorizations/${assistant.clientId}` },
      { method: 'POST', path: '/v1/account/tokens', body: { name: 'intruder', scopes: ['homes:read'] } },
      { method: 'GET', path: '/v1/account/tokens' },
      { method: 'DELETE', path: `/v1/account/tokens/${ownerPat.id}` },
    ];

    /** Sixteen kinds of credentials that must not reach any of the routes above. */
    async function badCredentials() {
      const config = await discoverClient(instance, assistant);
      const live = await authorizeWithCode(instance, config, owner);
      // A grant revoked by the reuse of its refresh token.
      const reused = await authorizeWithCode(instance, config, owner);
      await client.refreshTokenGrant(config, reused.tokens.refresh_token ?? '');
      await client.refreshTokenGrant(config, reused.tokens.refresh_token ?? '').catch(() => undefined);
      // A token of a client since deleted.
      const doomed = await registerClient(instance, admin, vendorId, { name: 'Doomed' });
      const doomedToken = (await authorizeWithCode(instance, await discoverClient(instance, doomed), owner))
        .tokens;
      await instance.api(
        'DELETE',
        `/v1/vendors/${vendorId}/oauth-clients/${doomed.clientId}`,
        undefined,
        admin.tokens.accessToken,
      );
      const revokedPat = await createPat(owner, ['account:read']);
      await instance.api(
        'DELETE',
        `/v1/account/tokens/${revokedPat.id}`,
        undefined,
        owner.tokens.accessToken,
      );
      const vendorToken = await client.clientCredentialsGrant(config, { scope: 'products:read' });
      const invalid = { status: 401, code: 'ACCESS_TOKEN_INVALID' };
      const scopeMissing = { status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' };
      return [
        { name: 'no token', token: undefined, status: 401, code: 'UNAUTHENTICATED' },
        { name: 'garbage', token: 'hpo_garbage', ...invalid },
        { name: 'a made-up OAuth token', token: `hpo_${'A'.repeat(43)}`, ...invalid },
        { name: 'a made-up personal token', token: `hpp_${'A'.repeat(43)}`, ...invalid },
        { name: 'a refresh token as bearer', token: live.tokens.refresh_token, ...invalid },
        { name: 'a client secret as bearer', token: assistant.clientSecret, ...invalid },
        {
          name: 'an authorization code as bearer',
          token: live.callback.searchParams.get('code') ?? '',
          ...invalid,
        },
        { name: 'a token of a deleted client', token: doomedToken.access_token, ...invalid },
        {
          name: 'an OAuth token of a revoked grant',
          token: reused.tokens.access_token,
          status: 401,
          code: 'TOKEN_REVOKED',
        },
        { name: 'a revoked personal token', token: revokedPat.token, status: 401, code: 'TOKEN_REVOKED' },
        {
          name: 'an expired OAuth token',
          token: live.tokens.access_token,
          on: 'expired' as const,
          status: 401,
          code: 'ACCESS_TOKEN_EXPIRED',
        },
        {
          name: 'an expired personal token',
          token: (await createPat(owner, ['account:read'], 1)).token,
          on: 'expired' as const,
          status: 401,
          code: 'ACCESS_TOKEN_EXPIRED',
        },
        {
          name: "a vendor's client token",
          token: vendorToken.access_token,
          status: 403,
          code: 'CALLER_KIND_NOT_ALLOWED',
        },
        {
          name: "the owner's OAuth token (homes, devices)",
          token: live.tokens.access_token,
          ...scopeMissing,
        },
        {
          name: 'a personal token with every scope but the account',
          token: (await createPat(owner, userScopesButAccount)).token,
          ...scopeMissing,
        },
        { name: 'an under-scoped personal token', token: ownerPat.token, ...scopeMissing },
      ];
    }

    /** Other people, and tokens where only a session may go, route by route. */
    async function otherPeople(): Promise<Case[]> {
      const fullPat = (await createPat(owner, userScopesButAccount.concat('account:read'))).token;
      const config = await discoverClient(instance, assistant);
      const ownerOAuth = (await authorizeWithCode(instance, config, owner)).tokens.access_token;
      const outsiderPat = (await createPat(outsider, userScopesButAccount)).token;
      const outsiderOAuth = (await authorizeWithCode(instance, config, outsider)).tokens.access_token;
      const cases: Case[] = [];
      const add = (
        name: string,
        token: string,
        status: number,
        code: string,
        method: string,
        path: string,
        body?: unknown,
      ) => cases.push({ name, token, status, code, method, path, body });
      const scopeMissing = [403, 'TOKEN_SCOPE_INSUFFICIENT'] as const;
      for (const [method, path, body] of [
        [
          'PUT',
          '/v1/account/password',
          { currentPassword: owner.password, newPassword: 'hijacked passphrase' },
        ],
        ['POST', '/v1/account/email-verification', undefined],
        ['DELETE', '/v1/account', { currentPassword: owner.password }],
        ['DELETE', '/v1/sessions/current', undefined],
      ] as const) {
        add('a personal token with every scope it may hold', fullPat, ...scopeMissing, method, path, body);
        add("the owner's OAuth token", ownerOAuth, ...scopeMissing, method, path, body);
        add("an outsider's personal token", outsiderPat, ...scopeMissing, method, path, body);
      }
      const clientRoutes = v1Routes().slice(0, 3);
      for (const route of clientRoutes) {
        add(
          "another vendor's admin",
          otherAdmin.tokens.accessToken,
          404,
          'VENDOR_NOT_FOUND',
          route.method,
          route.path,
          route.body,
        );
        add(
          'a user of no vendor',
          outsider.tokens.accessToken,
          404,
          'VENDOR_NOT_FOUND',
          route.method,
          route.path,
          route.body,
        );
        add(
          "the vendor's developer",
          developer.tokens.accessToken,
          403,
          'VENDOR_ROLE_INSUFFICIENT',
          route.method,
          route.path,
          route.body,
        );
        add(
          'a personal token with every scope it may hold',
          fullPat,
          ...scopeMissing,
          route.method,
          route.path,
          route.body,
        );
      }
      const rivalPath = `/v1/vendors/${vendorId}/oauth-clients/${rival.clientId}`;
      add(
        "an admin deleting another vendor's client",
        admin.tokens.accessToken,
        404,
        'OAUTH_CLIENT_NOT_FOUND',
        'DELETE',
        rivalPath,
      );
      const authorizationPath = `/v1/account/authorizations/${rival.clientId}`;
      add(
        'a user revoking an app they never authorized',
        owner.tokens.accessToken,
        404,
        'AUTHORIZATION_NOT_FOUND',
        'DELETE',
        authorizationPath,
      );
      const patPath = `/v1/account/tokens/${ownerPat.id}`;
      add(
        "another user revoking the owner's token",
        outsider.tokens.accessToken,
        404,
        'PERSONAL_TOKEN_NOT_FOUND',
        'DELETE',
        patPath,
      );
      for (const path of [`/v1/homes/${home.id}`, `/v1/homes/${home.id}/members`]) {
        add(
          "an outsider's personal token on the owner's home",
          outsiderPat,
          404,
          'HOME_NOT_FOUND',
          'GET',
          path,
        );
        add(
          "an outsider's OAuth token on the owner's home",
          outsiderOAuth,
          404,
          'HOME_NOT_FOUND',
          'GET',
          path,
        );
      }
      const invite = { email: `${randomUUID()}@example.com`, role: 'owner' };
      add(
        "an outsider's personal token inviting",
        outsiderPat,
        404,
        'HOME_NOT_FOUND',
        'POST',
        `/v1/homes/${home.id}/invitations`,
        invite,
      );
      add(
        'an OAuth token without homes:write inviting',
        ownerOAuth,
        ...scopeMissing,
        'POST',
        `/v1/homes/${home.id}/invitations`,
        invite,
      );
      return cases;
    }

    async function send(entry: Case) {
      const target = entry.on === 'expired' ? later : instance;
      const headers: Record<string, string> =
        entry.token === undefined ? {} : { authorization: `Bearer ${entry.token}` };
      if (entry.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${target.running.http.url}${entry.path}`, {
        method: entry.method,
        headers,
        body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
      });
      return { status: response.status, code: ((await response.json()) as { code?: string }).code };
    }

    it('bad, revoked, expired, foreign and under-scoped credentials on every route: all refused, nothing changed', async () => {
      const cases: Case[] = [];
      for (const hostile of await badCredentials()) {
        for (const route of v1Routes()) cases.push({ ...hostile, ...route });
      }
      cases.push(...(await otherPeople()));
      const label = (entry: Case) => `${entry.name}: ${entry.method} ${entry.path}`;
      const answers = [];
      for (const entry of cases) answers.push({ case: label(entry), ...(await send(entry)) });
      expect(answers).toEqual(
        cases.map((entry) => ({ case: label(entry), status: entry.status, code: entry.code })),
      );
      expect(answers.length).toBe(161);

      // Nothing the refused requests asked for happened.
      const listed = async (path: string, user: TestUser) =>
        (
          await instance.api<{ items: Record<string, string>[] }>(
            'GET',
            path,
            undefined,
            user.tokens.accessToken,
          )
        ).body.items;
      const clients = await listed(`/v1/vendors/${vendorId}/oauth-clients`, admin);
      expect(clients.map((item) => item['clientId'])).toEqual([assistant.clientId]);
      const authorizations = await listed('/v1/account/authorizations', owner);
      expect(authorizations.map((item) => item['clientId'])).toEqual([assistant.clientId]);
      expect((await listed('/v1/account/tokens', owner)).map((item) => item['id'])).toContain(ownerPat.id);
      expect((await instance.api('GET', '/v1/homes', undefined, ownerPat.token)).status).toBe(200);
      expect((await instance.api('GET', '/v1/account', undefined, owner.tokens.accessToken)).status).toBe(
        200,
      );
    });

    it('hostile clients at the token and revocation endpoints are refused and revoke nothing', async () => {
      const config = await discoverClient(instance, assistant);
      const { tokens, callback } = await authorizeWithCode(instance, config, owner);
      const assistantAuth = { authorization: basicAuth(assistant.clientId, assistant.clientSecret ?? '') };
      const rivalAuth = { authorization: basicAuth(rival.clientId, rival.clientSecret ?? '') };
      const codeOnly = await registerClient(instance, admin, vendorId, {
        name: 'Code only',
        grantTypes: ['authorization_code'],
        scopes: ['homes:read'],
      });
      const refresh = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' };
      const attempts: [string, string, Record<string, string>, Record<string, string>, number, string][] = [
        ['no client authentication', '/oauth/token', refresh, {}, 401, 'invalid_client'],
        [
          'a wrong secret',
          '/oauth/token',
          refresh,
          { authorization: basicAuth(assistant.clientId, 'hps_wrong') },
          401,
          'invalid_client',
        ],
        ["another client's refresh token", '/oauth/token', refresh, rivalAuth, 400, 'invalid_grant'],
        [
          "another client's code",
          '/oauth/token',
          {
            grant_type: 'authorization_code',
            code: callback.searchParams.get('code') ?? '',
            redirect_uri: 'https://assistant.acme.example/callback',
            code_verifier: 'x'.repeat(43),
          },
          rivalAuth,
          400,
          'invalid_grant',
        ],
        [
          'a grant the client may not use',
          '/oauth/token',
          { grant_type: 'client_credentials' },
          { authorization: basicAuth(codeOnly.clientId, codeOnly.clientSecret ?? '') },
          400,
          'unauthorized_client',
        ],
        [
          'a user scope by client credentials',
          '/oauth/token',
          { grant_type: 'client_credentials', scope: 'homes:read' },
          assistantAuth,
          400,
          'invalid_scope',
        ],
        [
          'a deleted client',
          '/oauth/token',
          { grant_type: 'client_credentials' },
          { authorization: basicAuth(randomUUID(), 'hps_x') },
          401,
          'invalid_client',
        ],
        [
          'revoking without client authentication',
          '/oauth/revoke',
          { token: tokens.access_token },
          {},
          401,
          'invalid_client',
        ],
        [
          "revoking another client's access token",
          '/oauth/revoke',
          { token: tokens.access_token },
          rivalAuth,
          400,
          'unauthorized_client',
        ],
        [
          "revoking another client's refresh token",
          '/oauth/revoke',
          { token: tokens.refresh_token ?? '' },
          rivalAuth,
          400,
          'unauthorized_client',
        ],
      ];
      const answers = [];
      for (const [name, path, form, headers] of attempts) {
        const answer = await postForm(instance, path, form, headers);
        answers.push({ name, status: answer.status, error: (answer.body as { error?: string }).error });
      }
      expect(answers).toEqual(attempts.map(([name, , , , status, error]) => ({ name, status, error })));
      expect((await instance.api('GET', '/v1/homes', undefined, tokens.access_token)).status).toBe(200);
      expect((await client.refreshTokenGrant(config, tokens.refresh_token ?? '')).access_token).toMatch(
        /^hpo_/,
      );
    });
  });
}
