import type { GeoJsonPolygon, HomeRole } from '@homeport/contracts';
import { firstRow, inTransaction, queryRows } from '@homeport/storage';
import type { Home, HomeOfMember, HomeRepository, HomeScope } from '../domain/homes';
import { listMembers, membershipTables, removeMember } from './pg-memberships';
import type { Pool } from './postgres';

interface HomeRow {
  id: string;
  name: string;
  time_zone: string;
  latitude: number | null;
  longitude: number | null;
  radius_meters: number | null;
  zone_polygon: GeoJsonPolygon['coordinates'] | null;
  created_at: Date;
  role: HomeRole;
}

const homeColumns =
  'h.id, h.name, h.time_zone, h.latitude, h.longitude, h.radius_meters, h.zone_polygon, h.created_at, m.role';
// Every home query joins the caller's own membership and is limited to the scope's home ids.
const homesInScope = `public_api.homes h JOIN public_api.home_members m ON m.home_id = h.id AND m.user_id = $1
  WHERE h.id = ANY($2::uuid[])`;
const toHome = (row: HomeRow): HomeOfMember => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  location:
    row.latitude === null || row.longitude === null
      ? null
      : { latitude: row.latitude, longitude: row.longitude },
  radiusMeters: row.radius_meters,
  zone: row.zone_polygon === null ? null : { type: 'Polygon', coordinates: row.zone_polygon },
  createdAt: row.created_at,
  role: row.role,
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
          `INSERT INTO public_api.homes (id, name, time_zone, latitude, longitude, radius_meters, zone_polygon)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           RETURNING id, name, time_zone, latitude, longitude, radius_meters, zone_polygon, created_at`,
          [
            home.id,
            home.name,
            home.timeZone,
            home.location?.latitude ?? null,
            home.location?.longitude ?? null,
            home.radiusMeters,
            home.zone === null ? null : JSON.stringify(home.zone.coordinates),
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

    async updateZone(scope, homeId, zone) {
      const rows = await queryRows<HomeRow>(
        pool,
        `UPDATE public_api.homes h SET latitude = $4, longitude = $5, radius_meters = $6, zone_polygon = $7
           FROM public_api.home_members m
          WHERE m.home_id = h.id AND m.user_id = $1 AND h.id = ANY($2::uuid[]) AND h.id = $3
          RETURNING ${homeColumns}`,
        [
          ...scopeParams(scope),
          homeId,
          zone.location?.latitude ?? null,
          zone.location?.longitude ?? null,
          zone.radiusMeters,
          zone.zone === null ? null : JSON.stringify(zone.zone.coordinates),
        ],
      );
      return rows[0] === undefined ? undefined : toHome(rows[0]);
    },

    listMembers: (scope, homeId) => listMembers(pool, membershipTables.home, scope, homeId),

    async removeMember(scope, homeId, userId) {
      const outcome = await removeMember(pool, membershipTables.home, scope, homeId, userId);
      return outcome === 'last_top_role' ? 'last_owner' : outcome;
    },
  };
}
