import type { AuditPage, HomeResponse, InvitationResponse } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';

const sessionIdOf = (user: TestUser) =>
  (
    JSON.parse(Buffer.from(user.tokens.accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
      sid: string;
    }
  ).sid;

export function describeAudit(shared: SharedTestEnvironment): void {
  describe('public-api audit log', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
    });
    afterAll(async () => {
      await environment.close();
    });

    const as = (user: TestUser) => ({
      get: <T>(path: string) =>
        instance.api<T & { code?: string }>('GET', path, undefined, user.tokens.accessToken),
      post: <T>(path: string, body?: unknown) =>
        instance.api<T & { code?: string }>('POST', path, body, user.tokens.accessToken),
      delete: (path: string) =>
        instance.api<{ code?: string }>('DELETE', path, undefined, user.tokens.accessToken),
    });

    /** A home of `owner` that `member` joined. */
    async function createHomeWithMember(owner: TestUser, member: TestUser) {
      const home = (await as(owner).post<HomeResponse>('/v1/homes', { name: 'Lilas', timeZone: 'UTC' })).body;
      const invitation = await as(owner).post<InvitationResponse>(`/v1/homes/${home.id}/invitations`, {
        email: member.email,
        role: 'member',
      });
      expect((await as(member).post(`/v1/invitations/${invitation.body.id}/accept`)).status).toBe(200);
      return { home, invitation: invitation.body };
    }

    it("an owner reads the home's actions newest first, with who did them, with which credential and from where, refused attempts included", async () => {
      const [owner, member] = [await instance.createUser(), await instance.createUser()];
      const { home, invitation } = await createHomeWithMember(owner, member);
      expect((await as(member).delete(`/v1/homes/${home.id}/members/${owner.id}`)).status).toBe(403);
      expect((await as(owner).delete(`/v1/homes/${home.id}/members/${member.id}`)).status).toBe(204);

      const log = await as(owner).get<AuditPage>(`/v1/homes/${home.id}/audit`);
      expect(log.status).toBe(200);
      const actor = (user: TestUser) => ({
        kind: 'user',
        userId: user.id,
        vendorId: null,
        credential: { kind: 'session', id: sessionIdOf(user) },
      });
      const common = { address: '127.0.0.1', homeId: home.id, vendorId: null, deviceId: null };
      expect(log.body.items).toEqual(
        [
          {
            ...common,
            action: 'home.member-removed',
            outcome: 'succeeded',
            actor: actor(owner),
            details: { userId: member.id },
          },
          {
            ...common,
            action: 'home.member-removed',
            outcome: 'refused',
            actor: actor(member),
            details: { userId: owner.id, reason: 'HOME_ROLE_INSUFFICIENT' },
          },
          {
            ...common,
            action: 'home.member-joined',
            outcome: 'succeeded',
            actor: actor(member),
            details: { invitationId: invitation.id, role: 'member' },
          },
          {
            ...common,
            action: 'home.member-invited',
            outcome: 'succeeded',
            actor: actor(owner),
            details: { email: member.email, role: 'member', invitationId: invitation.id },
          },
          {
            ...common,
            action: 'home.created',
            outcome: 'succeeded',
            actor: actor(owner),
            details: { name: 'Lilas' },
          },
        ].map((entry) => ({
          ...entry,
          id: expect.any(String) as unknown,
          at: expect.any(String) as unknown,
        })),
      );
      expect(log.body.nextCursor).toBeNull();
    });

    it("the last owner's refused leaving and a member's refused invitation are recorded with their reasons", async () => {
      const [owner, member] = [await instance.createUser(), await instance.createUser()];
      const { home } = await createHomeWithMember(owner, member);
      expect((await as(owner).delete(`/v1/homes/${home.id}/members/${owner.id}`)).status).toBe(409);
      const invite = { email: 'grace@example.com', role: 'owner' };
      expect((await as(member).post(`/v1/homes/${home.id}/invitations`, invite)).status).toBe(403);
      const log = await as(owner).get<AuditPage>(`/v1/homes/${home.id}/audit?limit=2`);
      expect(log.body.items).toMatchObject([
        {
          action: 'home.member-invited',
          outcome: 'refused',
          details: { ...invite, reason: 'HOME_ROLE_INSUFFICIENT' },
        },
        {
          action: 'home.member-removed',
          outcome: 'refused',
          details: { userId: owner.id, reason: 'LAST_OWNER' },
        },
      ]);
    });

    it('pages follow the cursor, and the filters narrow by action and time', async () => {
      const [owner, member] = [await instance.createUser(), await instance.createUser()];
      const { home } = await createHomeWithMember(owner, member);
      const path = `/v1/homes/${home.id}/audit`;
      const first = await as(owner).get<AuditPage>(`${path}?limit=2`);
      expect(first.body.items.map((entry) => entry.action)).toEqual([
        'home.member-joined',
        'home.member-invited',
      ]);
      const second = await as(owner).get<AuditPage>(`${path}?limit=2&cursor=${first.body.nextCursor ?? ''}`);
      expect(second.body).toMatchObject({ items: [{ action: 'home.created' }], nextCursor: null });

      const invited = await as(owner).get<AuditPage>(`${path}?action=home.member-invited`);
      expect(invited.body.items.map((entry) => entry.action)).toEqual(['home.member-invited']);
      const createdAt = Date.parse(second.body.items[0]?.at ?? '');
      const after = await as(owner).get<AuditPage>(`${path}?from=${new Date(createdAt + 1).toISOString()}`);
      expect(after.body.items.map((entry) => entry.action)).not.toContain('home.created');
      const before = await as(owner).get<AuditPage>(`${path}?to=${new Date(createdAt + 1).toISOString()}`);
      expect(before.body.items.map((entry) => entry.action)).toEqual(['home.created']);
      const device = await as(owner).get<AuditPage>(`${path}?deviceId=thermostat-1`);
      expect(device.body.items).toEqual([]);
    });

    it('newest first by entry number, not by its digits: twelve entries come back in order, five a page', async () => {
      const owner = await instance.createUser();
      const home = (await as(owner).post<HomeResponse>('/v1/homes', { name: 'Many', timeZone: 'UTC' })).body;
      for (let i = 0; i < 11; i += 1) {
        const invite = { email: `guest-${i}-${randomUUID()}@example.com`, role: 'member' };
        expect((await as(owner).post(`/v1/homes/${home.id}/invitations`, invite)).status).toBe(201);
      }
      const ids: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const query: string = cursor === '' ? '' : `&cursor=${cursor}`;
        const page = await as(owner).get<AuditPage>(`/v1/homes/${home.id}/audit?limit=5${query}`);
        ids.push(...page.body.items.map((entry) => entry.id));
        cursor = page.body.nextCursor;
      }
      expect(ids).toHaveLength(12);
      expect(ids.map(Number)).toEqual(ids.map(Number).sort((a, b) => b - a));
    });

    it("a member is refused the home's log (403), another home's owner finds no such home (404)", async () => {
      const [owner, member, stranger] = [
        await instance.createUser(),
        await instance.createUser(),
        await instance.createUser(),
      ];
      const { home } = await createHomeWithMember(owner, member);
      await as(stranger).post('/v1/homes', { name: 'Elsewhere', timeZone: 'UTC' });
      expect(await as(member).get(`/v1/homes/${home.id}/audit`)).toMatchObject({
        status: 403,
        body: { code: 'HOME_ROLE_INSUFFICIENT' },
      });
      expect(await as(stranger).get(`/v1/homes/${home.id}/audit`)).toMatchObject({
        status: 404,
        body: { code: 'HOME_NOT_FOUND' },
      });
    });
  });
}
