import type {
  HomeResponse,
  InvitationList,
  VendorInvitationResponse,
  VendorMemberList,
  VendorMembershipList,
} from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createVendorCalls, createVendorId, makeVendorAdmin } from '../support/vendors';

export function describeVendorMembers(shared: SharedTestEnvironment): void {
  describe('public-api vendor members and their invitations', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let vendor: ReturnType<typeof createVendorCalls>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      vendor = createVendorCalls(instance);
    });
    afterAll(async () => {
      await environment.close();
    });

    const as = (user: TestUser) => ({
      call: <T = { code: string }>(method: string, path: string, body?: unknown) =>
        vendor.call<T>(user.tokens.accessToken, method, path, body),
    });
    const createVendor = async () => {
      const admin = await instance.createUser();
      const vendorId = createVendorId();
      await makeVendorAdmin(environment.pool, vendorId, admin);
      return { admin, vendorId };
    };
    const memberRoles = async (viewer: TestUser, vendorId: string) =>
      (await as(viewer).call<VendorMemberList>('GET', `/v1/vendors/${vendorId}/members`)).body.items.map(
        (member) => [member.email, member.role],
      );
    const auditActions = async (vendorId: string) =>
      (
        await environment.pool.query<{ action: string; actor_user_id: string }>(
          'SELECT action, actor_user_id FROM public_api.audit_entries WHERE vendor_id = $1 ORDER BY id',
          [vendorId],
        )
      ).rows;

    it('GET /v1/vendors lists the vendors of the caller with their role; a user of no vendor gets none', async () => {
      const { admin, vendorId } = await createVendor();
      const other = createVendorId();
      await makeVendorAdmin(environment.pool, other, admin);
      const list = await as(admin).call<VendorMembershipList>('GET', '/v1/vendors');
      expect(list.body.items).toEqual(
        [vendorId, other].sort().map((id) => ({ vendorId: id, role: 'admin' })),
      );
      const nobody = await instance.createUser();
      expect((await as(nobody).call<VendorMembershipList>('GET', '/v1/vendors')).body).toEqual({ items: [] });
    });

    it('an admin invites an address; its verified user sees the invitation beside home ones, accepts, and joins with the role; both steps are audited', async () => {
      const { admin, vendorId } = await createVendor();
      const invitee = await instance.createUser();
      const home = await as(admin).call<HomeResponse>('POST', '/v1/homes', { name: 'Lab', timeZone: 'UTC' });
      await as(admin).call('POST', `/v1/homes/${home.body.id}/invitations`, {
        email: invitee.email,
        role: 'member',
      });
      const invited = await as(admin).call<VendorInvitationResponse>(
        'POST',
        `/v1/vendors/${vendorId}/invitations`,
        {
          email: invitee.email.toUpperCase(),
          role: 'developer',
        },
      );
      expect(invited).toMatchObject({
        status: 201,
        body: { kind: 'vendor', vendorId, email: invitee.email, role: 'developer' },
      });
      expect(await instance.emails.vendorInvitation(invitee.email)).toMatchObject({
        invitationId: invited.body.id,
        vendorId,
        role: 'developer',
        invitedBy: admin.id,
      });
      const pending = await as(invitee).call<InvitationList>('GET', '/v1/invitations');
      expect(pending.body.items.map((item) => item.kind)).toEqual(['home', 'vendor']);
      expect(pending.body.items[1]).toEqual(invited.body);

      const accepted = await as(invitee).call('POST', `/v1/invitations/${invited.body.id}/accept`);
      expect(accepted).toEqual({ status: 200, body: { vendorId, role: 'developer' } });
      expect((await as(invitee).call<VendorMembershipList>('GET', '/v1/vendors')).body.items).toEqual([
        { vendorId, role: 'developer' },
      ]);
      expect(await memberRoles(invitee, vendorId)).toEqual([
        [admin.email, 'admin'],
        [invitee.email, 'developer'],
      ]);
      expect(await auditActions(vendorId)).toEqual([
        { action: 'vendor.member-invited', actor_user_id: admin.id },
        { action: 'vendor.member-joined', actor_user_id: invitee.id },
      ]);
    });

    it('inviting an address without an account answers as for one with an account, and queues the same email', async () => {
      const { admin, vendorId } = await createVendor();
      const existing = await instance.createUser();
      const unknown = `${randomUUID()}@example.com`;
      const invite = (email: string) =>
        as(admin).call<VendorInvitationResponse>('POST', `/v1/vendors/${vendorId}/invitations`, {
          email,
          role: 'developer',
        });
      const shape = (answer: Awaited<ReturnType<typeof invite>>) => ({
        status: answer.status,
        keys: Object.keys(answer.body).sort(),
        role: answer.body.role,
      });
      expect(shape(await invite(unknown))).toEqual(shape(await invite(existing.email)));
      expect(await instance.emails.vendorInvitation(unknown)).toMatchObject({ vendorId });
      expect(await instance.emails.vendorInvitation(existing.email)).toMatchObject({ vendorId });
    });

    it('only the verified owner of the invited address accepts it (expiry: the home invitations test, one acceptance for both)', async () => {
      const { admin, vendorId } = await createVendor();
      const unverified = await instance.createUser({ verified: false });
      const stranger = await instance.createUser();
      const invited = await as(admin).call<VendorInvitationResponse>(
        'POST',
        `/v1/vendors/${vendorId}/invitations`,
        {
          email: unverified.email,
          role: 'admin',
        },
      );
      const path = `/v1/invitations/${invited.body.id}/accept`;
      expect(await as(unverified).call('POST', path)).toMatchObject({
        status: 403,
        body: { code: 'EMAIL_NOT_VERIFIED' },
      });
      expect(await as(stranger).call('POST', path)).toMatchObject({
        status: 404,
        body: { code: 'INVITATION_NOT_FOUND' },
      });
      expect(await memberRoles(admin, vendorId)).toEqual([[admin.email, 'admin']]);
    });

    it('a developer neither invites nor removes others nor manages keys (403 VENDOR_ROLE_INSUFFICIENT), but may leave', async () => {
      const { admin, vendorId } = await createVendor();
      const developer = await instance.createUser();
      await vendor.addMember(admin, vendorId, developer, 'developer');
      const attempts = [
        as(developer).call('POST', `/v1/vendors/${vendorId}/invitations`, {
          email: 'x@example.com',
          role: 'admin',
        }),
        as(developer).call('DELETE', `/v1/vendors/${vendorId}/members/${admin.id}`),
        as(developer).call('POST', `/v1/vendors/${vendorId}/api-keys`, {
          name: 'k',
          scopes: ['devices:read'],
        }),
        as(developer).call('GET', `/v1/vendors/${vendorId}/api-keys`),
      ];
      for (const attempt of await Promise.all(attempts)) {
        expect(attempt).toMatchObject({ status: 403, body: { code: 'VENDOR_ROLE_INSUFFICIENT' } });
      }
      expect(
        (await as(developer).call('DELETE', `/v1/vendors/${vendorId}/members/${developer.id}`)).status,
      ).toBe(204);
      expect(await as(developer).call('GET', `/v1/vendors/${vendorId}/members`)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
      expect((await auditActions(vendorId)).map((entry) => entry.action)).toContain('vendor.member-removed');
    });

    it('the last admin stays (409 LAST_ADMIN); with a second admin, two removing each other at once leave one', async () => {
      const { admin, vendorId } = await createVendor();
      const removeSelf = () => as(admin).call('DELETE', `/v1/vendors/${vendorId}/members/${admin.id}`);
      expect(await removeSelf()).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
      const second = await instance.createUser();
      await vendor.addMember(admin, vendorId, second, 'admin');
      const answers = await Promise.all([
        as(admin).call('DELETE', `/v1/vendors/${vendorId}/members/${second.id}`),
        as(second).call('DELETE', `/v1/vendors/${vendorId}/members/${admin.id}`),
      ]);
      const outcomes = answers.map((answer) =>
        answer.status === 204 ? 'removed' : `${answer.status} ${answer.body.code}`,
      );
      expect(outcomes.sort()).toEqual(['404 VENDOR_NOT_FOUND', 'removed']);
      const rows = await environment.pool.query(
        'SELECT role FROM public_api.vendor_members WHERE vendor_id = $1',
        [vendorId],
      );
      expect(rows.rows).toEqual([{ role: 'admin' }]);
    });

    it("with the embedded platform's demo vendor set, a signed-in person with its join code (unverified address too) becomes its admin; a wrong code is 403; without it, and for any other vendor, 404", async () => {
      const demoVendorId = createVendorId();
      const joinCode = randomUUID() + randomUUID();
      const embedded = await environment.startInstance({
        DEMO_VENDOR_ID: demoVendorId,
        DEMO_VENDOR_JOIN_CODE: joinCode,
      });
      const maker = await embedded.createUser({ verified: false });
      const join = (vendorId: string, code: string, user = maker, on = embedded) =>
        on.api<{ code?: string }>('POST', `/v1/vendors/${vendorId}/join`, { code }, user.tokens.accessToken);

      expect(await join(demoVendorId, `${joinCode.slice(0, -1)}x`)).toMatchObject({
        status: 403,
        body: { code: 'JOIN_CODE_INVALID' },
      });
      expect(await join(createVendorId(), joinCode)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
      const deployed = await instance.createUser();
      expect(await join(demoVendorId, joinCode, deployed, instance)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
      const makerVendors = async () =>
        (await embedded.api<VendorMembershipList>('GET', '/v1/vendors', undefined, maker.tokens.accessToken))
          .body.items;
      expect(await makerVendors()).toEqual([]);

      expect(await join(demoVendorId, joinCode)).toEqual({
        status: 200,
        body: { vendorId: demoVendorId, role: 'admin' },
      });
      expect(await makerVendors()).toEqual([{ vendorId: demoVendorId, role: 'admin' }]);
      expect(await auditActions(demoVendorId)).toEqual([
        { action: 'vendor.member-joined', actor_user_id: maker.id },
      ]);
    });
  });
}
