import type {
  HomeList,
  HomeResponse,
  InvitationList,
  InvitationResponse,
  MemberList,
} from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';

export function describeHomes(shared: SharedTestEnvironment): void {
  describe('public-api homes and members', () => {
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
      call: <T>(method: string, path: string, body?: unknown) =>
        instance.api<T & { code: string; details?: unknown }>(method, path, body, user.tokens.accessToken),
    });
    const createHome = async (owner: TestUser, name = 'Rue des Lilas') => {
      const created = await as(owner).call<HomeResponse>('POST', '/v1/homes', {
        name,
        timeZone: 'Europe/Paris',
      });
      expect(created.status).toBe(201);
      return created.body;
    };
    /** Invites `invitee` into the owner's home with `role` and has them accept. */
    const join = async (owner: TestUser, homeId: string, invitee: TestUser, role: 'owner' | 'member') => {
      const invited = await as(owner).call<InvitationResponse>('POST', `/v1/homes/${homeId}/invitations`, {
        email: invitee.email,
        role,
      });
      expect(invited.status).toBe(201);
      const accepted = await as(invitee).call<HomeResponse>(
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
      );
      expect(accepted).toMatchObject({ status: 200, body: { id: homeId, role } });
    };

    it('a user creates a home with a time zone, a location and a radius, then lists and reads it', async () => {
      const owner = await instance.createUser();
      const request = {
        name: 'Rue des Lilas',
        timeZone: 'europe/paris',
        location: { latitude: 48.8722, longitude: 2.3767 },
        radiusMeters: 150,
      };
      const created = await as(owner).call<HomeResponse>('POST', '/v1/homes', request);
      expect(created).toMatchObject({
        status: 201,
        body: { ...request, timeZone: 'Europe/Paris', role: 'owner' },
      });
      const list = await as(owner).call<HomeList>('GET', '/v1/homes');
      expect(list.body.items).toEqual([created.body]);
      expect((await as(owner).call('GET', `/v1/homes/${created.body.id}`)).body).toEqual(created.body);
      const members = await as(owner).call<MemberList>('GET', `/v1/homes/${created.body.id}/members`);
      expect(members.body.items).toEqual([
        { userId: owner.id, email: owner.email, role: 'owner', joinedAt: expect.any(String) as unknown },
      ]);
    });

    it('a home without a location has none; a radius without a location or an unknown time zone is 400 naming the field', async () => {
      const owner = await instance.createUser();
      expect(await as(owner).call('POST', '/v1/homes', { name: 'Flat', timeZone: 'UTC' })).toMatchObject({
        status: 201,
        body: { location: null, radiusMeters: null },
      });
      expect(
        await as(owner).call('POST', '/v1/homes', { name: 'Flat', timeZone: 'Mars/Olympus_Mons' }),
      ).toMatchObject({
        status: 400,
        body: { code: 'TIME_ZONE_UNKNOWN', details: { fields: [{ location: 'body', path: '/timeZone' }] } },
      });
      expect(
        await as(owner).call('POST', '/v1/homes', { name: 'Flat', timeZone: 'UTC', radiusMeters: 100 }),
      ).toMatchObject({
        status: 400,
        body: { code: 'LOCATION_REQUIRED', details: { fields: [{ path: '/location' }] } },
      });
    });

    it("an owner changes the home's zone from a circle to a polygon and back; a member may not; a bad polygon is 400 naming why", async () => {
      const owner = await instance.createUser();
      const member = await instance.createUser();
      const home = await createHome(owner);
      await join(owner, home.id, member, 'member');
      const path = `/v1/homes/${home.id}`;
      const circle = { location: { latitude: 48.8722, longitude: 2.3767 }, radiusMeters: 200 };
      const changed = await as(owner).call<HomeResponse>('PATCH', path, circle);
      expect(changed).toMatchObject({ status: 200, body: { ...circle, zone: null, name: 'Rue des Lilas' } });
      const square = [
        [2.3752, 48.8716],
        [2.3783, 48.8716],
        [2.3783, 48.8731],
        [2.3752, 48.8731],
        [2.3752, 48.8716],
      ];
      const polygon = { type: 'Polygon', coordinates: [square] };
      expect(await as(owner).call('PATCH', path, { zone: polygon })).toMatchObject({
        status: 400,
        body: { code: 'ZONE_CONFLICT' },
      });
      expect(await as(owner).call('PATCH', path, { zone: polygon, radiusMeters: null })).toMatchObject({
        status: 200,
        body: { zone: polygon, radiusMeters: null, location: circle.location },
      });
      const crossed = {
        type: 'Polygon',
        coordinates: [[square[0], square[2], square[1], square[3], square[0]]],
      };
      const refused = await as(owner).call<{ message: string }>('PATCH', path, { zone: crossed });
      expect(refused).toMatchObject({ status: 400, body: { code: 'ZONE_POLYGON_INVALID' } });
      expect(refused.body.message).toContain('/zone/coordinates/0');
      expect(await as(member).call('PATCH', path, circle)).toMatchObject({
        status: 403,
        body: { code: 'HOME_ROLE_INSUFFICIENT' },
      });
      expect(await as(owner).call('PATCH', path, { ...circle, zone: null })).toMatchObject({
        status: 200,
        body: { ...circle, zone: null },
      });
      expect((await as(owner).call('GET', path)).body).toMatchObject({ ...circle, zone: null });
    });

    it('an owner invites by email; the invitee sees it once verified, accepts, and both see the home and its members', async () => {
      const owner = await instance.createUser();
      const invitee = await instance.createUser();
      const home = await createHome(owner);
      const invited = await as(owner).call<InvitationResponse>('POST', `/v1/homes/${home.id}/invitations`, {
        email: invitee.email.toUpperCase(),
        role: 'member',
      });
      expect(invited).toMatchObject({
        status: 201,
        body: { homeId: home.id, homeName: home.name, email: invitee.email, role: 'member' },
      });
      expect(await instance.emails.invitation(invitee.email)).toMatchObject({
        invitationId: invited.body.id,
        homeId: home.id,
        invitedBy: owner.id,
      });
      expect((await as(invitee).call<InvitationList>('GET', '/v1/invitations')).body.items).toEqual([
        invited.body,
      ]);

      const accepted = await as(invitee).call<HomeResponse>(
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
      );
      expect(accepted).toMatchObject({ status: 200, body: { id: home.id, role: 'member' } });
      expect(
        (await as(invitee).call<HomeList>('GET', '/v1/homes')).body.items.map((item) => item.id),
      ).toEqual([home.id]);
      const members = await as(owner).call<MemberList>('GET', `/v1/homes/${home.id}/members`);
      expect(members.body.items.map((member) => [member.email, member.role])).toEqual([
        [owner.email, 'owner'],
        [invitee.email, 'member'],
      ]);
      // Single use: accepted invitations are gone.
      expect(await as(invitee).call('POST', `/v1/invitations/${invited.body.id}/accept`)).toMatchObject({
        status: 404,
        body: { code: 'INVITATION_NOT_FOUND' },
      });
      expect((await as(invitee).call<InvitationList>('GET', '/v1/invitations')).body.items).toEqual([]);
    });

    it('an invitation is accepted only by the verified owner of its address, and not once expired', async () => {
      const owner = await instance.createUser();
      const unverified = await instance.createUser({ verified: false });
      const stranger = await instance.createUser();
      const home = await createHome(owner);
      const invited = await as(owner).call<InvitationResponse>('POST', `/v1/homes/${home.id}/invitations`, {
        email: unverified.email,
        role: 'member',
      });
      const accept = (user: TestUser) => as(user).call('POST', `/v1/invitations/${invited.body.id}/accept`);
      expect(await accept(unverified)).toMatchObject({ status: 403, body: { code: 'EMAIL_NOT_VERIFIED' } });
      expect((await as(unverified).call<InvitationList>('GET', '/v1/invitations')).body.items).toEqual([]);
      expect(await accept(stranger)).toMatchObject({ status: 404, body: { code: 'INVITATION_NOT_FOUND' } });

      const { token } = await instance.emails.verification(unverified.email);
      await instance.api('POST', '/v1/account/email-verification/confirm', { token });
      instance.clock.advanceSeconds(7 * 86_400 + 1);
      const renewed = await instance.api<{ accessToken: string; refreshToken: string }>(
        'POST',
        '/v1/sessions/refresh',
        { refreshToken: unverified.tokens.refreshToken },
      );
      const late = await instance.api(
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
        undefined,
        renewed.body.accessToken,
      );
      expect(late).toMatchObject({ status: 409, body: { code: 'INVITATION_EXPIRED' } });
    });

    it('only owners invite; a member who tries gets 403 HOME_ROLE_INSUFFICIENT', async () => {
      const owner = await instance.createUser();
      const member = await instance.createUser();
      const home = await createHome(owner);
      await join(owner, home.id, member, 'member');
      const attempt = await as(member).call('POST', `/v1/homes/${home.id}/invitations`, {
        email: `${randomUUID()}@example.com`,
        role: 'owner',
      });
      expect(attempt).toMatchObject({ status: 403, body: { code: 'HOME_ROLE_INSUFFICIENT' } });
    });

    it('an owner removes a member, who then no longer sees the home; a member may leave but not remove others', async () => {
      const owner = await instance.createUser();
      const first = await instance.createUser();
      const second = await instance.createUser();
      const home = await createHome(owner);
      await join(owner, home.id, first, 'member');
      await join(owner, home.id, second, 'member');

      expect(await as(first).call('DELETE', `/v1/homes/${home.id}/members/${second.id}`)).toMatchObject({
        status: 403,
        body: { code: 'HOME_ROLE_INSUFFICIENT' },
      });
      expect((await as(owner).call('DELETE', `/v1/homes/${home.id}/members/${first.id}`)).status).toBe(204);
      expect((await as(first).call<HomeList>('GET', '/v1/homes')).body.items).toEqual([]);
      expect(await as(first).call('GET', `/v1/homes/${home.id}`)).toMatchObject({
        status: 404,
        body: { code: 'HOME_NOT_FOUND' },
      });
      expect((await as(second).call('DELETE', `/v1/homes/${home.id}/members/${second.id}`)).status).toBe(204);
      const members = await as(owner).call<MemberList>('GET', `/v1/homes/${home.id}/members`);
      expect(members.body.items.map((member) => member.userId)).toEqual([owner.id]);
      expect(await as(owner).call('DELETE', `/v1/homes/${home.id}/members/${first.id}`)).toMatchObject({
        status: 404,
        body: { code: 'MEMBER_NOT_FOUND' },
      });
    });

    it('the last owner cannot be removed, even by themself; with a second owner either may go', async () => {
      const owner = await instance.createUser();
      const coOwner = await instance.createUser();
      const home = await createHome(owner);
      const removeOwner = () => as(owner).call('DELETE', `/v1/homes/${home.id}/members/${owner.id}`);
      expect(await removeOwner()).toMatchObject({ status: 409, body: { code: 'LAST_OWNER' } });

      await join(owner, home.id, coOwner, 'owner');
      // Both owners remove the other at once: the lock lets one through; the other is no member any more.
      const answers = await Promise.all([
        as(owner).call('DELETE', `/v1/homes/${home.id}/members/${coOwner.id}`),
        as(coOwner).call('DELETE', `/v1/homes/${home.id}/members/${owner.id}`),
      ]);
      const outcomes = answers.map((answer) =>
        answer.status === 204 ? 'removed' : `${answer.status} ${answer.body.code}`,
      );
      expect(outcomes.sort()).toEqual(['404 HOME_NOT_FOUND', 'removed']);
      const members = await environment.pool.query<{ role: string }>(
        'SELECT role FROM public_api.home_members WHERE home_id = $1',
        [home.id],
      );
      expect(members.rows).toEqual([{ role: 'owner' }]);
    });
  });
}
