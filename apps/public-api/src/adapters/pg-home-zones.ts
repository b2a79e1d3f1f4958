import { queryRows } from '@homeport/storage';
import type { HomeZones } from '../domain/locations';
import type { Pool } from './postgres';

/** Without a radius of its own, a home's zone is this wide (issue #18). */
export const defaultHomeRadiusMeters = 100;

interface ZoneRow {
  id: string;
  latitude: number;
  longitude: number;
  radius_meters: number | null;
}

/** The zones of a user's homes, read from the homes they are a member of (one indexed join per batch). */
export function createPgHomeZones(pool: Pool): HomeZones {
  return {
    async zonesOfUser(userId) {
      const rows = await queryRows<ZoneRow>(
        pool,
        `SELECT h.id, h.latitude, h.longitude, h.radius_meters
         FROM public_api.homes h JOIN public_api.home_members m ON m.home_id = h.id
         WHERE m.user_id = $1 AND h.latitude IS NOT NULL AND h.longitude IS NOT NULL ORDER BY h.id`,
        [userId],
      );
      return rows.map((row) => ({
        homeId: row.id,
        zone: {
          kind: 'circle' as const,
          center: { latitude: row.latitude, longitude: row.longitude },
          radiusMeters: row.radius_meters ?? defaultHomeRadiusMeters,
        },
      }));
    },
  };
}
