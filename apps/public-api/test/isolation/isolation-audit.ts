import type { AuditPage, HomeResponse, InvitationResponse } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import {
  createSigningJwk,
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { auditQueryForms } from '../support/audit-queries';
import { addVendorMember } from '../support/vendors';

interface Refusal {
  readonly status: number;
  readonly code: string;
}

/** Who sends a hostile request, how, and the refusal each audit route must answer. */
interface Hostile {
  readonly name: string;
  readonly authorization: string | undefined;
  /** The instance asked (one whose clock is an hour ahead makes a live token expired). */
  readonly instance: () => TestInstance;
  /** The refusal on the home's log, and on the vendor's; a caller tried on one log only has no other. */
  readonly home?: Refusal;
  readonly vendor?: Refusal;
}

export function describeIsolationAudit(shared: SharedTestEnvironment): void {
  // Every audit route × every query form × every hostile caller: 2 routes × 6 queries × 13 callers, and
  // 6 queries × 2 callers tried on one log only = 168 requests, each answered with its expected status and
  // code, none with an entry.
  describe('public-api audit isolation matrix: the audit routes refuse every hostile caller', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let later: TestInstance;
    let owner: TestUser;
    let admin: TestUser;
    let home: HomeResponse;
    const vendorId = `acme-${randomUUID().slice(0, 8)}`;
    const hostiles: Hostile[] = [];

    async function joinHome(user: TestUser, remove: boolean) {
      const invited = await instance.api<InvitationResponse>(
        'POST',
        `/v1/homes/${home.id}/invitations`,
        { email: user.email, role: 'member' },
        owner.tokens.accessToken,
      );
      await instance.api(
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
        undefined,
        user.tokens.accessToken,
      );
      if (remove) {
        await instance.api(
          'DELETE',
          `/v1/homes/${home.id}/members/${user.id}`,
          undefined,
          owner.tokens.accessToken,
        );
      }
    }

    beforeAll(async () => {
      environment = shared.begin();
      const JWT_SIGNING_KEY = JSON.stringify(createSigningJwk('audit-isolation'));
      instance = await environment.startInstance({ JWT_SIGNING_KEY });
      later = await environment.startInstance({ JWT_SIGNING_KEY });
      later.clock.advanceSeconds(3600);
      const user = () => instance.createUser();
      let otherOwner, member, removed, otherAdmin, developer, loggedOut;
      [owner, admin, otherOwner, member, removed, otherAdmin, developer, loggedOut] = await Promise.all([
        user(),
        user(),
        user(),
        user(),
        user(),
        user(),
        user(),
        user(),
      ]);
      home = (
        await instance.api<HomeResponse>(
          'POST',
          '/v1/homes',
          { name: 'Lilas', timeZone: 'UTC' },
          owner.tokens.accessToken,
        )
      ).body;
      await instance.api(
        'POST',
        '/v1/homes',
        { name: 'Other', timeZone: 'UTC' },
        otherOwner.tokens.accessToken,
      );
      await joinHome(member, false);
      await joinHome(removed, true);
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
      await addVendorMember(environment.pool, vendorId, developer, 'developer');
      await addVendorMember(environment.pool, `globex-${randomUUID().slice(0, 8)}`, otherAdmin, 'admin');
      await instance.api('DELETE', '/v1/sessions/current', undefined, loggedOut.tokens.accessToken);

      const bearer = (user: TestUser) => `Bearer ${user.tokens.accessToken}`;
      const now = () => instance;
      const unauthenticated = (code: string) => ({ status: 401, code });
      const noHome = { status: 404, code: 'HOME_NOT_FOUND' };
      const noVendor = { status: 404, code: 'VENDOR_NOT_FOUND' };
      const both = (refusal: Refusal) => ({ home: refusal, vendor: refusal });
      const payload = owner.tokens.accessToken.split('.')[1] ?? '';
      const alg = (header: unknown) => Buffer.from(JSON.stringify(header)).toString('base64url');
      hostiles.push(
        {
          name: 'no token',
          authorization: undefined,
          instance: now,
          ...both(unauthenticated('UNAUTHENTICATED')),
        },
        {
          name: 'empty bearer',
          authorization: 'Bearer ',
          instance: now,
          ...both(unauthenticated('UNAUTHENTICATED')),
        },
        {
          name: 'basic auth',
          authorization: `Basic ${btoa(`${owner.email}:${owner.password}`)}`,
          instance: now,
          ...both(unauthenticated('UNAUTHENTICATED')),
        },
        {
          name: 'not a JWT',
          authorization: 'Bearer not-a-jwt',
          instance: now,
          ...both(unauthenticated('ACCESS_TOKEN_INVALID')),
        },
        {
          name: 'a refresh token',
          authorization: `Bearer ${owner.tokens.refreshToken}`,
          instance: now,
          ...both(unauthenticated('ACCESS_TOKEN_INVALID')),
        },
        {
          name: "the owner's token, unsigned (alg none)",
          authorization: `Bearer ${alg({ alg: 'none', typ: 'at+jwt', kid: 'audit-isolation' })}.${payload}.`,
          instance: now,
          ...both(unauthenticated('ACCESS_TOKEN_INVALID')),
        },
        {
          name: "the owner's token, expired",
          authorization: bearer(owner),
          instance: () => later,
          ...both(unauthenticated('ACCESS_TOKEN_EXPIRED')),
        },
        {
          name: 'a logged-out session',
          authorization: bearer(loggedOut),
          instance: now,
          ...both(unauthenticated('SESSION_ENDED')),
        },
        {
          name: "another home's owner",
          authorization: bearer(otherOwner),
          instance: now,
          home: noHome,
          vendor: noVendor,
        },
        {
          name: 'a member, not owner',
          authorization: bearer(member),
          instance: now,
          home: { status: 403, code: 'HOME_ROLE_INSUFFICIENT' },
          vendor: noVendor,
        },
        {
          name: 'a removed member',
          authorization: bearer(removed),
          instance: now,
          home: noHome,
          vendor: noVendor,
        },
        {
          name: "another vendor's admin",
          authorization: bearer(otherAdmin),
          instance: now,
          home: noHome,
          vendor: noVendor,
        },
        {
          name: "the vendor's developer",
          authorization: bearer(developer),
          instance: now,
          home: noHome,
          vendor: { status: 403, code: 'VENDOR_ROLE_INSUFFICIENT' },
        },
        // The vendor's admin is no one in the home; the home's owner is no one at the vendor.
        {
          name: "the vendor's admin, on the home",
          authorization: bearer(admin),
          instance: now,
          home: noHome,
        },
        {
          name: "the home's owner, on the vendor",
          authorization: bearer(owner),
          instance: now,
          vendor: noVendor,
        },
      );
    });
    afterAll(async () => {
      await environment.close();
    });

    async function send(target: TestInstance, path: string, authorization: string | undefined) {
      const response = await fetch(`${target.running.http.url}${path}`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      const body = (await response.json()) as { code?: string; items?: unknown[] };
      return { status: response.status, code: body.code ?? '' };
    }

    it('no token, bad tokens, ended sessions, outsiders, members and the wrong vendor people: all refused with their codes', async () => {
      const answers = [];
      const expected = [];
      for (const hostile of hostiles) {
        for (const query of auditQueryForms) {
          for (const [log, path] of [
            ['home', `/v1/homes/${home.id}/audit${query}`],
            ['vendor', `/v1/vendors/${vendorId}/audit${query}`],
          ] as const) {
            const refusal = hostile[log];
            if (refusal === undefined) continue;
            const name = `${hostile.name}: GET ${path}`;
            answers.push({ name, ...(await send(hostile.instance(), path, hostile.authorization)) });
            expected.push({ name, ...refusal });
          }
        }
      }
      expect(answers).toEqual(expected);
      expect(answers.length).toBe(13 * 12 + 2 * 6);
      expect(answers.filter((answer) => answer.status < 400)).toEqual([]);

      // The entitled readers still read their logs, and the refused reads wrote nothing to them.
      const homeLog = await instance.api<AuditPage>(
        'GET',
        `/v1/homes/${home.id}/audit`,
        undefined,
        owner.tokens.accessToken,
      );
      expect(homeLog.body.items.map((entry) => entry.action)).toEqual([
        'home.member-removed',
        'home.member-joined',
        'home.member-invited',
        'home.member-joined',
        'home.member-invited',
        'home.created',
      ]);
      const vendorLog = await instance.api<AuditPage>(
        'GET',
        `/v1/vendors/${vendorId}/audit`,
        undefined,
        admin.tokens.accessToken,
      );
      expect(vendorLog).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    });
  });
}
