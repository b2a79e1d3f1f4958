import { inTransaction, queryRows } from '@homeport/storage';
import type { Pool } from './postgres';

/** The two membership tables (homes, vendors): their key column, and the role that manages the others. */
export const membershipTables = {
  home: { table: 'home_members', key: 'home_id', keyType: 'uuid', topRole: 'owner' },
  vendor: { table: 'vendor_members', key: 'vendor_id', keyType: 'text', topRole: 'admin' },
} as const;

type MembershipTable = (typeof membershipTables)[keyof typeof membershipTables];

/** A caller's memberships (a HomeScope or a VendorScope): each query is limited to their ids. */
interface MembershipScope<Role extends string> {
  readonly userId: string;
  readonly roles: ReadonlyMap<string, Role>;
}

/** What removing a member did; `last_top_role`: the last owner or admin stays. */
export type MemberRemoval = 'removed' | 'not_member' | 'last_top_role' | 'scope_changed';

/** The members of one home or vendor within the scope, with their address, oldest first. */
export async function listMembers<Role extends string>(
  pool: Pool,
  { table, key, keyType }: MembershipTable,
  scope: MembershipScope<Role>,
  id: string,
): Promise<{ userId: string; email: string; role: Role; joinedAt: Date }[]> {
  const rows = await queryRows<{ user_id: string; email: string; role: Role; joined_at: Date }>(
    pool,
    `SELECT m.user_id, u.email, m.role, m.joined_at
     FROM public_api.${table} m JOIN public_api.users u ON u.id = m.user_id
     WHERE m.${key} = $1 AND m.${key} = ANY($2::${keyType}[])
     ORDER BY m.joined_at, m.user_id`,
    [id, [...scope.roles.keys()]],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    role: row.role,
    joinedAt: row.joined_at,
  }));
}

/**
 * Removes a member unless they are the last of the top role. Locks the members first, so two owners (or
 * admins) removing each other at once leave one, never none; and re-checks the caller's own membership
 * under the lock (`scope_changed` when a request that committed first changed it).
 */
export function removeMember<Role extends string>(
  pool: Pool,
  { table, key, keyType, topRole }: MembershipTable,
  scope: MembershipScope<Role>,
  id: string,
  userId: string,
): Promise<MemberRemoval> {
  return inTransaction(pool, async (db) => {
    const members = await queryRows<{ user_id: string; role: string }>(
      db,
      `SELECT user_id, role FROM public_api.${table} WHERE ${key} = $1 AND ${key} = ANY($2::${keyType}[]) FOR UPDATE`,
      [id, [...scope.roles.keys()]],
    );
    const self = members.find((member) => member.user_id === scope.userId);
    if (self === undefined || self.role !== scope.roles.get(id)) return 'scope_changed';
    const target = members.find((member) => member.user_id === userId);
    if (target === undefined) return 'not_member';
    const top = members.filter((member) => member.role === topRole);
    if (target.role === topRole && top.length === 1) return 'last_top_role';
    await queryRows(db, `DELETE FROM public_api.${table} WHERE ${key} = $1 AND user_id = $2`, [id, userId]);
    return 'removed';
  });
}
