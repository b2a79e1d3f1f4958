import type { GeoJsonPolygon } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { HomeZones } from '../domain/locations';
import { toPolygonZone } from '../domain/zone-shapes';
import type { Pool } from './postgres';

/** Without a radius of its own, a home's zone is this wide (issue #18). */
export const defaultHomeRadiusMeters = 100;

interface ZoneRow {
  id: string;
  latitude: number | null;
  longitude: number | null;
  radius_meters: number | null;
  zone_polygon: GeoJsonPolygon['coordinates'] | null;
}

/** The zones of a user's homes, read from the homes they are a member of (one indexed join per batch). */
export function createPgHomeZones(pool: Pool): HomeZones {
  return {
    async zonesOfUser(userId) {
      const rows = await queryRows<ZoneRow>(
        pool,
        `SELECT h.id, h.latitude, h.longitude, h.radius_meters, h.zone_polygon
         FROM public_api.homes h JOIN public_api.home_members m ON m.home_id = h.id
         WHERE m.user_id = $1 AND (h.zone_polygon IS NOT NULL OR (h.latitude IS NOT NULL AND h.longitude IS NOT NULL))
         ORDER BY h.id`,
        [userId],
      );
      return rows.map((row) => ({ homeId: row.id, zone: toZone(row) }));
    },
  };
}

function toZone(row: ZoneRow) {
  if (row.zone_polygon !== null) return toPolygonZone({ type: 'Polygon', coordinates: row.zone_polygon });
  return {
    kind: 'circle' as const,
    center: { latitude: row.latitude ?? 0, longitude: row.longitude ?? 0 },
    radiusMeters: row.radius_meters ?? defaultHomeRadiusMeters,
  };
}
