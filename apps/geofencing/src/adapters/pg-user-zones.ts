import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import type { UserZoneStore } from '../domain/ports';
import { writePresenceEvents } from './pg-presence-outbox';
import { presenceParams, toPresence, type PresenceRow } from './pg-presence-store';

/** Users' presence in their own zones in PostgreSQL; events go to the outbox in the same transaction. */
export function createPostgresUserZoneStore(pool: SqlPool): UserZoneStore {
  return {
    inUser: (userId, work) =>
      inTransaction(pool, async (db) => {
        // Two batches of one user (prefetch > 1) would otherwise both insert a first presence: one at a time.
        await queryRows(db, 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `user-zones/${userId}`,
        ]);
        return work({
          async presences(zoneIds) {
            const rows = await queryRows<PresenceRow & { zone_id: string }>(
              db,
              `SELECT zone_id, status, last_fix_at, exit_candidate_since, exit_candidate_fixes
               FROM geofencing.user_zone_presence WHERE user_id = $1 AND zone_id = ANY($2::uuid[])`,
              [userId, zoneIds],
            );
            return new Map(rows.map((row) => [row.zone_id, toPresence(row)]));
          },
          async savePresence(zoneId, presence) {
            await queryRows(
              db,
              `INSERT INTO geofencing.user_zone_presence
                 (user_id, zone_id, status, last_fix_at, exit_candidate_since, exit_candidate_fixes)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (user_id, zone_id) DO UPDATE SET status = $3, last_fix_at = $4,
                 exit_candidate_since = $5, exit_candidate_fixes = $6`,
              [userId, zoneId, ...presenceParams(presence)],
            );
          },
          async forgetOtherZones(zoneIds) {
            await queryRows(
              db,
              'DELETE FROM geofencing.user_zone_presence WHERE user_id = $1 AND NOT (zone_id = ANY($2::uuid[]))',
              [userId, zoneIds],
            );
          },
          addEvents: (events) => writePresenceEvents(db, events),
        });
      }),
  };
}
