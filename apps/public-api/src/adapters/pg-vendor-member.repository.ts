import type { VendorRole } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { AdminGrantOutcome, VendorMemberRepository } from '../domain/vendors';
import { listMembers, membershipTables, removeMember } from './pg-memberships';
import type { Pool } from './postgres';

/** Vendor members in `public_api.vendor_members`. */
export function createPgVendorMemberRepository(pool: Pool): VendorMemberRepository {
  return {
    async loadScope(userId) {
      const rows = await queryRows<{ vendor_id: string; role: VendorRole }>(
        pool,
        'SELECT vendor_id, role FROM public_api.vendor_members WHERE user_id = $1',
        [userId],
      );
      return { userId, roles: new Map(rows.map((row) => [row.vendor_id, row.role])) };
    },

    listMembers: (scope, vendorId) => listMembers(pool, membershipTables.vendor, scope, vendorId),

    async removeMember(scope, vendorId, userId) {
      const outcome = await removeMember(pool, membershipTables.vendor, scope, vendorId, userId);
      return outcome === 'last_top_role' ? 'last_admin' : outcome;
    },

    async grantAdmin(vendorId, userId) {
      const rows = await queryRows<{ previous: VendorRole | null }>(
        pool,
        `WITH previous AS (
           SELECT role FROM public_api.vendor_members WHERE vendor_id = $1 AND user_id = $2
         ), granted AS (
           INSERT INTO public_api.vendor_members (vendor_id, user_id, role) VALUES ($1, $2, 'admin')
           ON CONFLICT (vendor_id, user_id) DO UPDATE SET role = 'admin'
         )
         SELECT (SELECT role FROM previous) AS previous`,
        [vendorId, userId],
      );
      const outcomes: Record<string, AdminGrantOutcome> = { admin: 'already_admin', developer: 'promoted' };
      return outcomes[rows[0]?.previous ?? ''] ?? 'added';
    },
  };
}
