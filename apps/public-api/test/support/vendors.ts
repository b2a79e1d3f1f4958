import type {
  ApiScope,
  CreatedApiKeyResponse,
  VendorInvitationResponse,
  VendorRole,
} from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import { createPgVendorMemberRepository } from '../../src/adapters/pg-vendor-member.repository';
import type { Pool } from '../../src/adapters/postgres';
import type { TestInstance, TestUser } from './environment';

/** A vendor id of its own for a test (broker-api's ids: letters, digits, _ and -). */
export function createVendorId(): string {
  return `vendor-${randomUUID().slice(0, 8)}`;
}

/**
 * Makes `user` a member of `vendorId` with `role`, straight in the table: the set-up of tests about something
 * else (vendors/vendor-members.ts tests the invitations that do it through the API).
 */
export async function addVendorMember(
  pool: Pool,
  vendorId: string,
  user: { readonly id: string },
  role: VendorRole,
): Promise<void> {
  await pool.query('INSERT INTO public_api.vendor_members (vendor_id, user_id, role) VALUES ($1, $2, $3)', [
    vendorId,
    user.id,
    role,
  ]);
}

/** Makes `user` an admin of `vendorId`, as the operators' command does. */
export async function makeVendorAdmin(pool: Pool, vendorId: string, user: TestUser): Promise<void> {
  await createPgVendorMemberRepository(pool).grantAdmin(vendorId, user.id);
}

/** The vendor calls of a test: an admin's session makes keys and invites; a member accepts. */
export function createVendorCalls(instance: TestInstance) {
  const call = <T = { code: string }>(token: string, method: string, path: string, body?: unknown) =>
    instance.api<T & { code: string; details?: unknown }>(method, path, body, token);
  return {
    call,
    /** A new key of `vendorId` made by its admin `admin` (201 expected). */
    async createKey(
      admin: TestUser,
      vendorId: string,
      scopes: readonly ApiScope[],
      expiresInDays?: number,
    ): Promise<CreatedApiKeyResponse> {
      const created = await call<CreatedApiKeyResponse>(
        admin.tokens.accessToken,
        'POST',
        `/v1/vendors/${vendorId}/api-keys`,
        { name: `key ${randomUUID().slice(0, 8)}`, scopes, expiresInDays },
      );
      expect(created.status).toBe(201);
      return created.body;
    },
    /** `admin` invites `member` into `vendorId` with `role`; `member` accepts. */
    async addMember(admin: TestUser, vendorId: string, member: TestUser, role: 'admin' | 'developer') {
      const invited = await call<VendorInvitationResponse>(
        admin.tokens.accessToken,
        'POST',
        `/v1/vendors/${vendorId}/invitations`,
        { email: member.email, role },
      );
      expect(invited.status).toBe(201);
      const accepted = await call(
        member.tokens.accessToken,
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
      );
      expect(accepted).toMatchObject({ status: 200, body: { vendorId, role } });
    },
  };
}
