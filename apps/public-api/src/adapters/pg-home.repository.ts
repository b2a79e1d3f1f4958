import type { HomeRole } from '@homeport/contracts';
import { firstRow, inTransaction, queryRows } from '@homeport/storage';
import type {
  AcceptanceOutcome,
  Home,
  HomeOfMember,
  HomeRepository,
  HomeScope,
  Invitation,
} from '../domain/homes';
import type { Pool } from './postgres';

interface HomeRow {
  id: string;
  name: string;
  time_zone: string;
  latitude: number | null;
  longitude: number | null;
  radius_meters: number | null;
  created_at: Date;
  role: HomeRole;
}

interface InvitationRow {
  id: string;
  home_id: string;
  home_name: string;
  email: string;
  role: HomeRole;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
}

const homeColumns =
  'h.id, h.name, h.time_zone, h.latitude, h.longitude, h.radius_meters, h.created_at, m.role';
// Every home query joins the caller's own membership and is limited to the scope's home ids.
const homesInScope = `public_api.homes h JOIN public_api.home_members m ON m.home_id = h.id AND m.user_id = $1
  WHERE h.id = ANY($2::uuid[])`;
const invitationColumns =
  'i.id, i.home_id, h.name AS home_name, i.email, i.role, i.invited_by, i.created_at, i.expires_at';

const toHome = (row: HomeRow): HomeOfMember => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  location:
    row.latitude === null || row.longitude === null
      ? null
      : { latitude: row.latitude, longitude: row.longitude },
  radiusMeters: row.radius_meters,
  createdAt: row.created_at,
  role: row.role,
});
const toInvitation = (row: InvitationRow): Invitation => ({
  id: row.id,
  homeId: row.home_id,
  homeName: row.home_name,
  email: row.email,
  role: row.role,
  invitedBy: row.invited_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});
const scopeParams = (scope: HomeScope) => [scope.userId, [...scope.roles.keys()]];

/** Homes, members and invitations in PostgreSQL. */
export function createPgHomeRepository(pool: Pool): HomeRepository {
  return {
    async loadScope(userId) {
      const rows = await queryRows<{ home_id: string; role: HomeRole }>(
        pool,
        'SELECT home_id, role FROM public_api.home_members WHERE user_id = $1',
        [userId],
      );
      return { userId, roles: new Map(rows.map((row) => [row.home_id, row.role])) };
    },

    insertHome(home: Omit<Home, 'createdAt'>, ownerId: string) {
      return inTransaction(pool, async (db) => {
        const rows = await queryRows<Omit<HomeRow, 'role'>>(
          db,
          `INSERT INTO public_api.homes (id, name, time_zone, latitude, longitude, radius_meters)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, name, time_zone, latitude, longitude, radius_meters, created_at`,
          [
            home.id,
            home.name,
            home.timeZone,
            home.location?.latitude ?? null,
            home.location?.longitude ?? null,
            home.radiusMeters,
          ],
        );
        await queryRows(
          db,
          `INSERT INTO public_api.home_members (home_id, user_id, role) VALUES ($1, $2, 'owner')`,
          [home.id, ownerId],
        );
        return toHome({ ...firstRow(rows), role: 'owner' });
      });
    },

    async listHomes(scope) {
      const rows = await queryRows<HomeRow>(
        pool,
        `SELECT ${homeColumns} FROM ${homesInScope} ORDER BY h.created_at, h.id`,
        scopeParams(scope),
      );
      return rows.map(toHome);
    },

    async findHome(scope, homeId) {
      const rows = await queryRows<HomeRow>(
        pool,
        `SELECT ${homeColumns} FROM ${homesInScope} AND h.id = $3`,
        [...scopeParams(scope), homeId],
      );
      return rows[0] === undefined ? undefined : toHome(rows[0]);
    },

    async listMembers(scope, homeId) {
      const rows = await queryRows<{ user_id: string; email: string; role: HomeRole; joined_at: Date }>(
        pool,
        `SELECT m.user_id, u.email, m.role, m.joined_at
         FROM public_api.home_members m JOIN public_api.users u ON u.id = m.user_id
         WHERE m.home_id = $1 AND m.home_id = ANY($2::uuid[])
         ORDER BY m.joined_at, m.user_id`,
        [homeId, [...scope.roles.keys()]],
      );
      return rows.map((row) => ({
        userId: row.user_id,
        email: row.email,
        role: row.role,
        joinedAt: row.joined_at,
      }));
    },

    removeMember(scope, homeId, userId) {
      return inTransaction(pool, async (db) => {
        // Locks the home's members, so two owners removing each other cannot leave the home without one.
        const members = await queryRows<{ user_id: string; role: HomeRole }>(
          db,
          `SELECT user_id, role FROM public_api.home_members
           WHERE home_id = $1 AND home_id = ANY($2::uuid[]) FOR UPDATE`,
          [homeId, [...scope.roles.keys()]],
        );
        const self = members.find((member) => member.user_id === scope.userId);
        if (self === undefined || self.role !== scope.roles.get(homeId)) return 'scope_changed';
        const target = members.find((member) => member.user_id === userId);
        if (target === undefined) return 'not_member';
        const owners = members.filter((member) => member.role === 'owner');
        if (target.role === 'owner' && owners.length === 1) return 'last_owner';
        await queryRows(db, 'DELETE FROM public_api.home_members WHERE home_id = $1 AND user_id = $2', [
          homeId,
          userId,
        ]);
        return 'removed';
      });
    },

    async insertInvitation(scope, invitation) {
      const rows = await queryRows<InvitationRow>(
        pool,
        `WITH inserted AS (
           INSERT INTO public_api.invitations (id, home_id, email, role, invited_by, expires_at)
           SELECT $1::uuid, id, $4::text, $5::text, $6::uuid, $7::timestamptz FROM public_api.homes WHERE id = $2 AND id = ANY($3::uuid[])
           RETURNING *
         )
         SELECT ${invitationColumns} FROM inserted i JOIN public_api.homes h ON h.id = i.home_id`,
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
      return rows[0] === undefined ? undefined : toInvitation(rows[0]);
    },

    async listInvitations(email, now) {
      const rows = await queryRows<InvitationRow>(
        pool,
        `SELECT ${invitationColumns} FROM public_api.invitations i JOIN public_api.homes h ON h.id = i.home_id
         WHERE i.email = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at, i.id`,
        [email, now],
      );
      return rows.map(toInvitation);
    },

    acceptInvitation({ invitationId, email, userId, now }) {
      return inTransaction(pool, async (db): Promise<AcceptanceOutcome> => {
        const rows = await queryRows<{ home_id: string; role: HomeRole; expires_at: Date }>(
          db,
          `SELECT home_id, role, expires_at FROM public_api.invitations
           WHERE id = $1 AND email = $2 AND accepted_at IS NULL FOR UPDATE`,
          [invitationId, email],
        );
        const invitation = rows[0];
        if (invitation === undefined) return { kind: 'not_found' };
        if (invitation.expires_at <= now) return { kind: 'expired' };
        await queryRows(
          db,
          'UPDATE public_api.invitations SET accepted_at = $2, accepted_by = $3 WHERE id = $1',
          [invitationId, now, userId],
        );
        // Someone already a member keeps their membership; an owner invitation makes them owner.
        await queryRows(
          db,
          `INSERT INTO public_api.home_members (home_id, user_id, role) VALUES ($1, $2, $3)
           ON CONFLICT (home_id, user_id) DO UPDATE
           SET role = CASE WHEN EXCLUDED.role = 'owner' THEN 'owner' ELSE home_members.role END`,
          [invitation.home_id, userId, invitation.role],
        );
        const homes = await queryRows<HomeRow>(db, `SELECT ${homeColumns} FROM ${homesInScope}`, [
          userId,
          [invitation.home_id],
        ]);
        return { kind: 'accepted', home: toHome(firstRow(homes)) };
      });
    },
  };
}
