import type { VendorRole } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { VendorMemberRepository } from '../domain/vendors';
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
  };
}
