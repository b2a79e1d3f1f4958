import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import { defaultSharing, type SharingStore } from '../domain/location-sharing';

const dayMs = 86_400_000;

/** Location sharing and kept positions in PostgreSQL (schema `geofencing`). */
export function createPostgresSharing(pool: SqlPool): SharingStore {
  return {
    async find(userId) {
      const [row] = await queryRows<{
        paused: boolean;
        keep_positions_days: number | null;
        updated_at: string;
      }>(
        pool,
        'SELECT paused, keep_positions_days, updated_at FROM geofencing.location_sharing WHERE user_id = $1',
        [userId],
      );
      if (row === undefined) return defaultSharing;
      return {
        paused: row.paused,
        keepPositionsDays: row.keep_positions_days,
        updatedAt: Number(row.updated_at),
      };
    },
    async save(userId, sharing, at) {
      await queryRows(
        pool,
        `INSERT INTO geofencing.location_sharing (user_id, paused, keep_positions_days, updated_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET paused = $2, keep_positions_days = $3, updated_at = $4`,
        [userId, sharing.paused, sharing.keepPositionsDays, at],
      );
    },
    async homesOf(userId) {
      const sql = 'SELECT home_id FROM geofencing.member_presence WHERE user_id = $1';
      return (await queryRows<{ home_id: string }>(pool, sql, [userId])).map((row) => row.home_id);
    },
    async keepPositions(userId, fixes) {
      await queryRows(
        pool,
        `INSERT INTO geofencing.kept_positions (user_id, at, latitude, longitude, accuracy_meters)
         SELECT $1, * FROM unnest($2::bigint[], $3::float8[], $4::float8[], $5::float8[])
         ON CONFLICT DO NOTHING`,
        [
          userId,
          fixes.map((fix) => fix.at),
          fixes.map((fix) => fix.latitude),
          fixes.map((fix) => fix.longitude),
          fixes.map((fix) => fix.accuracyMeters),
        ],
      );
    },
    async forgetPositions(userId) {
      await queryRows(pool, 'DELETE FROM geofencing.kept_positions WHERE user_id = $1', [userId]);
    },
    forgetUser: (userId) =>
      inTransaction(pool, async (db) => {
        for (const table of ['location_sharing', 'kept_positions', 'user_zone_presence']) {
          await queryRows(db, `DELETE FROM geofencing.${table} WHERE user_id = $1`, [userId]);
        }
        await queryRows(db, 'UPDATE geofencing.automation_runs SET user_id = NULL WHERE user_id = $1', [
          userId,
        ]);
      }),
    async sweepPositions(now, limit) {
      const rows = await queryRows(
        pool,
        `DELETE FROM geofencing.kept_positions WHERE ctid IN (
           SELECT k.ctid FROM geofencing.kept_positions k
           LEFT JOIN geofencing.location_sharing s ON s.user_id = k.user_id
           WHERE s.keep_positions_days IS NULL OR k.at < $1 - s.keep_positions_days::bigint * $2
           LIMIT $3)
         RETURNING 1`,
        [now, dayMs, limit],
      );
      return rows.length;
    },
  };
}
