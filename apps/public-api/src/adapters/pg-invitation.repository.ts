import type { HomeRole, VendorRole } from '@homeport/contracts';
import { inTransaction, queryRows } from '@homeport/storage';
import type { AcceptanceOutcome, Invitation, InvitationRepository } from '../domain/invitations';
import { membershipTables } from './pg-memberships';
import type { Pool } from './postgres';

interface InvitationRow {
  id: string;
  home_id: string | null;
  home_name: string | null;
  vendor_id: string | null;
  email: string;
  role: HomeRole | VendorRole;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
}

// A home invitation joins its home for the name; a vendor invitation has no row of its vendor here.
const invitationColumns = `i.id, i.home_id, h.name AS home_name, i.vendor_id, i.email, i.role, i.invited_by,
  i.created_at, i.expires_at`;
const invitationsWithHomes = 'public_api.invitations i LEFT JOIN public_api.homes h ON h.id = i.home_id';

function toInvitation(row: InvitationRow): Invitation {
  const common = {
    id: row.id,
    email: row.email,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
  // The table's CHECK pairs a home with a home role and a vendor with a vendor role.
  if (row.home_id !== null) {
    return {
      ...common,
      kind: 'home',
      homeId: row.home_id,
      homeName: row.home_name ?? '',
      role: row.role as HomeRole,
    };
  }
  return { ...common, kind: 'vendor', vendorId: row.vendor_id ?? '', role: row.role as VendorRole };
}

/** Invitations to homes and vendors in PostgreSQL. */
export function createPgInvitationRepository(pool: Pool): InvitationRepository {
  const selectOne = async (where: string, params: unknown[]) => {
    const rows = await queryRows<InvitationRow>(
      pool,
      `WITH inserted AS (${where} RETURNING *) SELECT ${invitationColumns}
       FROM inserted i LEFT JOIN public_api.homes h ON h.id = i.home_id`,
      params,
    );
    return rows[0] === undefined ? undefined : toInvitation(rows[0]);
  };
  return {
    async insertHomeInvitation(scope, invitation) {
      const inserted = await selectOne(
        `INSERT INTO public_api.invitations (id, home_id, email, role, invited_by, expires_at)
         SELECT $1::uuid, id, $4::text, $5::text, $6::uuid, $7::timestamptz FROM public_api.homes
         WHERE id = $2 AND id = ANY($3::uuid[])`,
        [
          invitation.id,
          invitation.homeId,
          [...scope.roles.keys()],
          invitation.email,
          invitation.role,
          invitation.invitedBy,
          invitation.expiresAt,
        ],
      );
      return inserted?.kind === 'home' ? inserted : undefined;
    },

    async insertVendorInvitation(invitation) {
      const inserted = await selectOne(
        `INSERT INTO public_api.invitations (id, vendor_id, email, role, invited_by, expires_at)
         SELECT $1::uuid, vendor_id, $3::text, $4::text, user_id, $5::timestamptz
         FROM public_api.vendor_members WHERE vendor_id = $2 AND user_id = $6::uuid AND role = 'admin'`,
        [
          invitation.id,
          invitation.vendorId,
          invitation.email,
          invitation.role,
          invitation.expiresAt,
          invitation.invitedBy,
        ],
      );
      return inserted?.kind === 'vendor' ? inserted : undefined;
    },

    async listInvitations(email, now) {
      const rows = await queryRows<InvitationRow>(
        pool,
        `SELECT ${invitationColumns} FROM ${invitationsWithHomes}
         WHERE i.email = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at, i.id`,
        [email, now],
      );
      return rows.map(toInvitation);
    },

    acceptInvitation({ invitationId, email, userId, now }) {
      return inTransaction(pool, async (db): Promise<AcceptanceOutcome> => {
        const rows = await queryRows<InvitationRow>(
          db,
          `SELECT ${invitationColumns} FROM ${invitationsWithHomes}
           WHERE i.id = $1 AND i.email = $2 AND i.accepted_at IS NULL FOR UPDATE OF i`,
          [invitationId, email],
        );
        if (rows[0] === undefined) return { kind: 'not_found' };
        const invitation = toInvitation(rows[0]);
        if (invitation.expiresAt <= now) return { kind: 'expired' };
        await queryRows(
          db,
          'UPDATE public_api.invitations SET accepted_at = $2, accepted_by = $3 WHERE id = $1',
          [invitationId, now, userId],
        );
        const join = membershipTables[invitation.kind];
        // Someone already a member keeps their membership; an invitation with the higher role raises it.
        await queryRows(
          db,
          `INSERT INTO public_api.${join.table} (${join.key}, user_id, role) VALUES ($1, $2, $3)
           ON CONFLICT (${join.key}, user_id) DO UPDATE
           SET role = CASE WHEN EXCLUDED.role = '${join.topRole}' THEN EXCLUDED.role ELSE ${join.table}.role END`,
          [invitation.kind === 'home' ? invitation.homeId : invitation.vendorId, userId, invitation.role],
        );
        return { kind: 'accepted', invitation };
      });
    },
  };
}
