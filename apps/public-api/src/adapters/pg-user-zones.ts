import type { GeoJsonPolygon } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { inTransaction, queryRows } from '@homeport/storage';
import type { UserZone, UserZoneRepository } from '../domain/user-zones';
import type { Pool } from './postgres';

interface UserZoneRow {
  id: string;
  user_id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  radius_meters: number | null;
  polygon: GeoJsonPolygon['coordinates'] | null;
  notify: boolean;
  created_at: Date;
}

const columns = 'id, user_id, name, latitude, longitude, radius_meters, polygon, notify, created_at';

const toZone = (row: UserZoneRow): UserZone => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  circle:
    row.latitude === null || row.longitude === null || row.radius_meters === null
      ? null
      : { center: { latitude: row.latitude, longitude: row.longitude }, radiusMeters: row.radius_meters },
  polygon: row.polygon === null ? null : { type: 'Polygon', coordinates: row.polygon },
  notify: row.notify,
  createdAt: row.created_at,
});

const shapeParams = (zone: Pick<UserZone, 'circle' | 'polygon'>) => [
  zone.circle?.center.latitude ?? null,
  zone.circle?.center.longitude ?? null,
  zone.circle?.radiusMeters ?? null,
  zone.polygon === null ? null : JSON.stringify(zone.polygon.coordinates),
];

const isNameTaken = (error: unknown) => error instanceof AppError && error.code === 'UNIQUE_VIOLATION';

/** Users' zones in PostgreSQL (`user_zones`); every statement names the user. */
export function createPgUserZoneRepository(pool: Pool): UserZoneRepository {
  return {
    async listOfUser(userId) {
      const rows = await queryRows<UserZoneRow>(
        pool,
        `SELECT ${columns} FROM public_api.user_zones WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toZone);
    },

    insert: (zone, maxZones) =>
      inTransaction(pool, async (db) => {
        // The user's row, locked: two creations at once cannot both pass the count.
        await queryRows(db, 'SELECT 1 FROM public_api.users WHERE id = $1 FOR UPDATE', [zone.userId]);
        const [count] = await queryRows<{ zones: number }>(
          db,
          'SELECT count(*)::int AS zones FROM public_api.user_zones WHERE user_id = $1',
          [zone.userId],
        );
        if ((count?.zones ?? 0) >= maxZones) return 'limit-reached';
        try {
          await queryRows(
            db,
            `INSERT INTO public_api.user_zones (id, user_id, name, latitude, longitude, radius_meters, polygon,
               notify, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [zone.id, zone.userId, zone.name, ...shapeParams(zone), zone.notify, zone.createdAt],
          );
        } catch (error) {
          if (isNameTaken(error)) return 'name-taken';
          throw error;
        }
        return 'inserted';
      }),

    async replace(zone) {
      try {
        const rows = await queryRows<UserZoneRow>(
          pool,
          `UPDATE public_api.user_zones SET name = $3, latitude = $4, longitude = $5, radius_meters = $6,
             polygon = $7, notify = $8
           WHERE id = $1 AND user_id = $2 RETURNING ${columns}`,
          [zone.id, zone.userId, zone.name, ...shapeParams(zone), zone.notify],
        );
        return rows[0] === undefined ? 'not-found' : toZone(rows[0]);
      } catch (error) {
        if (isNameTaken(error)) return 'name-taken';
        throw error;
      }
    },

    async remove(userId, zoneId) {
      const rows = await queryRows(
        pool,
        'DELETE FROM public_api.user_zones WHERE id = $1 AND user_id = $2 RETURNING id',
        [zoneId, userId],
      );
      return rows.length > 0;
    },
  };
}
