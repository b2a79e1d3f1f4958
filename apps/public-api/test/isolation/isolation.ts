import type { HomeResponse, InvitationResponse, MemberList } from '@homeport/contracts';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { createHmac, randomUUID } from 'node:crypto';
import {
  createSigningJwk,
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { sendRaw, type RawRoute } from '../support/send-raw';
import { homeRoutes, notificationRoutes, userRoutes } from '../support/user-routes';

const signingJwk = createSigningJwk('isolation-key');
const issuer = 'https://api.test.homeport.example';
const audience = 'homeport-public-api';

/** A hostile request's credentials and the refusal it must get. */
interface Hostile {
  readonly name: string;
  readonly authorization: string | undefined;
  readonly status: number;
  readonly code: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function describeIsolation(shared: SharedTestEnvironment): void {
  describe('public-api isolation matrix: every route refuses every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let owner: TestUser;
    let outsider: TestUser;
    let removed: TestUser;
    let home: HomeResponse;
    let invitation: InvitationResponse;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance({ JWT_SIGNING_KEY: JSON.stringify(signingJwk) });
      owner = await instance.createUser();
      outsider = await instance.createUser();
      removed = await instance.createUser();
      const invitee = await instance.createUser();
      const created = await instance.api<HomeResponse>(
        'POST',
        '/v1/homes',
        { name: 'Owner home', timeZone: 'Europe/Paris' },
        owner.tokens.accessToken,
      );
      home = created.body;
      for (const [user, keep] of [
        [removed, false],
        [invitee, true],
      ] as const) {
        const invited = await instance.api<InvitationResponse>(
          'POST',
          `/v1/homes/${home.id}/invitations`,
          { email: user.email, role: 'member' },
          owner.tokens.accessToken,
        );
        if (!keep) {
          await instance.api(
            'POST',
            `/v1/invitations/${invited.body.id}/accept`,
            undefined,
            user.tokens.accessToken,
          );
          await instance.api(
            'DELETE',
            `/v1/homes/${home.id}/members/${user.id}`,
            undefined,
            owner.tokens.accessToken,
          );
        } else {
          invitation = invited.body;
        }
      }
    });
    afterAll(async () => {
      await environment.close();
    });

    /** The owner's home's members, as its owner reads them. */
    const memberIds = async () =>
      (
        await instance.api<MemberList>(
          'GET',
          `/v1/homes/${home.id}/members`,
          undefined,
          owner.tokens.accessToken,
        )
      ).body.items.map((member) => member.userId);
    const routeIds = () => ({
      password: owner.password,
      homeId: home.id,
      memberId: owner.id,
      invitationId: invitation.id,
    });
    /** Every route that needs an access token, with a request an entitled caller could make. */
    const protectedRoutes = () => [
      ...userRoutes(routeIds()),
      ...notificationRoutes({ pushSubscriptionId: randomUUID(), mobileDeviceId: randomUUID() }),
    ];

    async function sign(
      claims: JWTPayload,
      options: { jwk?: typeof signingJwk; kid?: string; typ?: string } = {},
    ): Promise<string> {
      const jwk = options.jwk ?? signingJwk;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: claims.sid ?? '', ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: options.kid ?? jwk.kid, typ: options.typ ?? 'at+jwt' })
        .setIssuer(claims.iss ?? issuer)
        .setAudience(claims.aud ?? audience)
        .setSubject(claims.sub ?? owner.id)
        .setJti(randomUUID())
        .setIssuedAt(claims.iat ?? now)
        .setExpirationTime(claims.exp ?? now + 600)
        .sign(await importJWK(jwk, 'EdDSA'));
    }

    async function hostileCallers(): Promise<Hostile[]> {
      const claims = JSON.parse(
        Buffer.from(owner.tokens.accessToken.split('.')[1]!, 'base64url').toString(),
      ) as {
        sid: string;
      };
      const live = { sub: owner.id, sid: claims.sid };
      const [header, payload, signature] = owner.tokens.accessToken.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const unsigned = `${base64url({ alg: 'none', typ: 'at+jwt', kid: signingJwk.kid })}.${payload}.`;
      // HS256 keyed with the public key: the algorithm confusion attack.
      const hsInput = `${base64url({ alg: 'HS256', typ: 'at+jwt', kid: signingJwk.kid })}.${payload}`;
      const hs256 = `${hsInput}.${createHmac('sha256', signingJwk.x).update(hsInput).digest('base64url')}`;
      const loggedOut = await instance.createUser();
      await instance.api('DELETE', '/v1/sessions/current', undefined, loggedOut.tokens.accessToken);
      const now = Math.floor(Date.now() / 1000);
      const bearer = (token: string) => `Bearer ${token}`;
      const invalid = { status: 401, code: 'ACCESS_TOKEN_INVALID' };
      return [
        { name: 'no token', authorization: undefined, status: 401, code: 'UNAUTHENTICATED' },
        { name: 'empty bearer', authorization: 'Bearer ', status: 401, code: 'UNAUTHENTICATED' },
        {
          name: 'basic auth',
          authorization: `Basic ${btoa(`${owner.email}:${owner.password}`)}`,
          status: 401,
          code: 'UNAUTHENTICATED',
        },
        { name: 'not a JWT', authorization: bearer('not-a-jwt'), ...invalid },
        {
          name: 'refresh token as access token',
          authorization: bearer(owner.tokens.refreshToken),
          ...invalid,
        },
        {
          name: 'expired',
          authorization: bearer(await sign({ ...live, iat: now - 1000, exp: now - 100 })),
          status: 401,
          code: 'ACCESS_TOKEN_EXPIRED',
        },
        { name: 'wrong signature', authorization: bearer(`${header}.${payload}.${flipped}`), ...invalid },
        { name: 'alg none', authorization: bearer(unsigned), ...invalid },
        { name: 'alg HS256 keyed with the public key', authorization: bearer(hs256), ...invalid },
        {
          name: 'another key with our kid',
          authorization: bearer(await sign(live, { jwk: createSigningJwk(signingJwk.kid) })),
          ...invalid,
        },
        {
          name: 'an unknown kid',
          authorization: bearer(await sign(live, { jwk: createSigningJwk('stranger') })),
          ...invalid,
        },
        {
          name: 'another issuer',
          authorization: bearer(await sign({ ...live, iss: 'https://evil.example' })),
          ...invalid,
        },
        {
          name: 'another audience',
          authorization: bearer(await sign({ ...live, aud: 'another-api' })),
          ...invalid,
        },
        {
          name: 'not an access token (typ JWT)',
          authorization: bearer(await sign(live, { typ: 'JWT' })),
          ...invalid,
        },
        {
          name: 'a made-up session',
          authorization: bearer(await sign({ ...live, sid: randomUUID() })),
          status: 401,
          code: 'SESSION_ENDED',
        },
        {
          name: "someone else's session",
          authorization: bearer(await sign({ ...live, sub: outsider.id })),
          status: 401,
          code: 'SESSION_ENDED',
        },
        {
          name: 'a logged-out session',
          authorization: bearer(loggedOut.tokens.accessToken),
          status: 401,
          code: 'SESSION_ENDED',
        },
      ];
    }

    it('bad, forged, expired and ended tokens on every route, and other people on every home route: all refused', async () => {
      const cases: {
        name: string;
        route: RawRoute;
        authorization: string | undefined;
        status: number;
        code: string;
      }[] = [];
      for (const hostile of await hostileCallers()) {
        for (const route of protectedRoutes()) cases.push({ ...hostile, route });
      }
      for (const [name, user] of [
        ['a user of another home', outsider],
        ['a removed member', removed],
      ] as const) {
        for (const route of homeRoutes(routeIds())) {
          cases.push({
            name,
            route,
            authorization: `Bearer ${user.tokens.accessToken}`,
            status: 404,
            code: 'HOME_NOT_FOUND',
          });
        }
        cases.push({
          name: `${name}, accepting an invitation to someone else`,
          route: { method: 'POST', path: `/v1/invitations/${invitation.id}/accept` },
          authorization: `Bearer ${user.tokens.accessToken}`,
          status: 404,
          code: 'INVITATION_NOT_FOUND',
        });
      }

      const answers = [];
      for (const entry of cases) {
        const answer = await sendRaw(instance.running.http.url, entry.route, entry.authorization);
        answers.push({ case: `${entry.name}: ${entry.route.method} ${entry.route.path}`, ...answer });
      }
      const expected = cases.map((entry) => ({
        case: `${entry.name}: ${entry.route.method} ${entry.route.path}`,
        status: entry.status,
        code: entry.code,
      }));
      expect(answers).toEqual(expected);
      expect(answers.length).toBeGreaterThanOrEqual(430);
      expect(answers.filter((answer) => answer.status < 400)).toEqual([]);

      // Nothing the refused requests asked for happened.
      expect(await memberIds()).toEqual([owner.id]);
      const homes = await environment.pool.query('SELECT id FROM public_api.homes');
      expect(homes.rows).toEqual([{ id: home.id }]);
      const login = await instance.api('POST', '/v1/sessions', {
        email: owner.email,
        password: owner.password,
      });
      expect(login.status).toBe(201);
      expect((await instance.api('GET', '/v1/account', undefined, owner.tokens.accessToken)).status).toBe(
        200,
      );
    });

    it("one person deleting their account leaves everyone else's homes, members, invitations, sessions and tokens as they were", async () => {
      const leaving = await instance.createUser();
      const invited = await instance.api<InvitationResponse>(
        'POST',
        `/v1/homes/${home.id}/invitations`,
        { email: leaving.email, role: 'owner' },
        owner.tokens.accessToken,
      );
      await instance.api(
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
        undefined,
        leaving.tokens.accessToken,
      );
      const ownerToken = await instance.api<{ token: string }>(
        'POST',
        '/v1/account/tokens',
        { name: 'kept', scopes: ['homes:read'] },
        owner.tokens.accessToken,
      );
      // Every row of public-api's tables that names someone else, before and after.
      const othersRows = async () => {
        const rows: Record<string, unknown[]> = {};
        // Theirs: their user row, sessions, memberships, tokens, grants, and the invitations to their address.
        for (const [table, where, theirs] of [
          ['users', 'id <> $1', leaving.id],
          ['sessions', 'user_id <> $1', leaving.id],
          ['homes', 'TRUE', undefined],
          ['home_members', 'user_id <> $1', leaving.id],
          ['invitations', 'email <> $1', leaving.email],
          ['personal_access_tokens', 'user_id <> $1', leaving.id],
          ['oauth_grants', 'user_id <> $1', leaving.id],
        ] as const) {
          const sql = `SELECT * FROM public_api.${table} WHERE ${where} ORDER BY 1, 2`;
          rows[table] = (await environment.pool.query(sql, theirs === undefined ? [] : [theirs])).rows;
        }
        return rows;
      };
      const before = await othersRows();

      const deleted = await instance.api(
        'DELETE',
        '/v1/account',
        { currentPassword: leaving.password },
        leaving.tokens.accessToken,
      );
      expect(deleted.status).toBe(204);
      const after = await othersRows();
      // The home they joined lost them, and nothing else changed.
      expect(after).toEqual(before);
      expect(await memberIds()).toEqual([owner.id]);
      expect((await instance.api('GET', '/v1/homes', undefined, ownerToken.body.token)).status).toBe(200);
      expect((await instance.api('GET', '/v1/account', undefined, outsider.tokens.accessToken)).status).toBe(
        200,
      );
    });
  });
}
