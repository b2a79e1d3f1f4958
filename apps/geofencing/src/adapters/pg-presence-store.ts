import { inTransaction, queryRows, type SqlPool, type SqlQueryable } from '@homeport/storage';
import type { HomeTransaction, PresenceStore, StaleMember } from '../domain/ports';
import { unknownPresence, type MemberPresence, type PresenceStatus } from '../domain/presence-rules';
import { writePresenceEvents } from './pg-presence-outbox';

/** The schema of geofencing's tables. */
export const geofencingSchema = 'geofencing';

/** A presence as its tables keep it. */
export interface PresenceRow {
  status: PresenceStatus;
  last_fix_at: string | null;
  exit_candidate_since: string | null;
  exit_candidate_fixes: number;
}

/** A bigint column (epoch ms) as node-postgres returns it. */
export const toNumber = (value: string | null) => (value === null ? null : Number(value));

/** A presence row as the rules take it. */
export const toPresence = (row: PresenceRow): MemberPresence => ({
  status: row.status,
  lastFixAt: toNumber(row.last_fix_at),
  exitCandidateSince: toNumber(row.exit_candidate_since),
  exitCandidateFixes: row.exit_candidate_fixes,
});

/** A presence as the parameters of its columns: status, last fix, exit candidate since, its fixes. */
export const presenceParams = (presence: MemberPresence) => [
  presence.status,
  presence.lastFixAt,
  presence.exitCandidateSince,
  presence.exitCandidateFixes,
];

/** Member presence and home occupancy in PostgreSQL; events go to the outbox in the same transaction. */
export function createPostgresPresenceStore(pool: SqlPool): PresenceStore {
  return {
    inHome: (homeId, work) =>
      inTransaction(pool, async (db) => {
        await queryRows(db, 'INSERT INTO geofencing.homes (home_id) VALUES ($1) ON CONFLICT DO NOTHING', [
          homeId,
        ]);
        const [home] = await queryRows<{ occupied: boolean; changed_at: string | null; approach: boolean }>(
          db,
          `SELECT occupied, changed_at, EXISTS (SELECT 1 FROM geofencing.automations
             WHERE home_id = $1 AND trigger = 'first-arrival' AND enabled
               AND on_the_way_home_meters IS NOT NULL) AS approach
           FROM geofencing.homes WHERE home_id = $1 FOR UPDATE`,
          [homeId],
        );
        const state = {
          occupied: home?.occupied ?? false,
          changedAt: Number(home?.changed_at ?? 0),
          followsApproach: home?.approach ?? false,
        };
        return work(createHomeTransaction(db, homeId, state));
      }),

    async findStale(before, limit): Promise<StaleMember[]> {
      const rows = await queryRows<{ home_id: string; user_id: string }>(
        pool,
        `SELECT home_id, user_id FROM geofencing.member_presence
         WHERE status <> 'unknown' AND last_fix_at < $1 ORDER BY last_fix_at LIMIT $2`,
        [before, limit],
      );
      return rows.map((row) => ({ homeId: row.home_id, userId: row.user_id }));
    },

    async homePresence(homeId) {
      const [home] = await queryRows<{ occupied: boolean }>(
        pool,
        'SELECT occupied FROM geofencing.homes WHERE home_id = $1',
        [homeId],
      );
      const members = await queryRows<{ user_id: string; status: PresenceStatus }>(
        pool,
        'SELECT user_id, status FROM geofencing.member_presence WHERE home_id = $1 ORDER BY user_id',
        [homeId],
      );
      return {
        occupied: home?.occupied ?? false,
        members: members.map((row) => ({ userId: row.user_id, status: row.status })),
      };
    },
  };
}

function createHomeTransaction(
  db: SqlQueryable,
  homeId: string,
  atStart: { readonly occupied: boolean; readonly changedAt: number; readonly followsApproach: boolean },
): HomeTransaction {
  let { occupied } = atStart;
  // When the home last became empty (or 0): "on the way home" runs since then belong to this trip.
  const tripStartedAt = atStart.occupied ? Number.MAX_SAFE_INTEGER : atStart.changedAt;
  return {
    async member(userId): Promise<MemberPresence> {
      const [row] = await queryRows<PresenceRow>(
        db,
        `SELECT status, last_fix_at, exit_candidate_since, exit_candidate_fixes
         FROM geofencing.member_presence WHERE home_id = $1 AND user_id = $2`,
        [homeId, userId],
      );
      return row === undefined ? unknownPresence : toPresence(row);
    },
    async saveMember(userId, presence) {
      await queryRows(
        db,
        `INSERT INTO geofencing.member_presence
           (home_id, user_id, status, last_fix_at, exit_candidate_since, exit_candidate_fixes)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (home_id, user_id) DO UPDATE SET status = $3, last_fix_at = $4,
           exit_candidate_since = $5, exit_candidate_fixes = $6`,
        [homeId, userId, ...presenceParams(presence)],
      );
    },
    async forgetMember(userId) {
      await queryRows(db, 'DELETE FROM geofencing.member_presence WHERE home_id = $1 AND user_id = $2', [
        homeId,
        userId,
      ]);
    },
    async countMembersHome() {
      const [row] = await queryRows<{ count: number }>(
        db,
        "SELECT count(*)::int AS count FROM geofencing.member_presence WHERE home_id = $1 AND status = 'home'",
        [homeId],
      );
      return row?.count ?? 0;
    },
    wasOccupied: () => Promise.resolve(occupied),
    async saveOccupied(nowOccupied, at) {
      occupied = nowOccupied;
      await queryRows(db, 'UPDATE geofencing.homes SET occupied = $2, changed_at = $3 WHERE home_id = $1', [
        homeId,
        nowOccupied,
        at,
      ]);
    },
    addEvents: (events) => writePresenceEvents(db, events),
    async queueAutomationRuns(trigger, cause, userId, at, withinMeters) {
      const rows = await queryRows(
        db,
        `INSERT INTO geofencing.automation_runs (id, automation_id, automation_name, home_id, cause, user_id,
           actions, restore, status, next_attempt_at, created_at)
         SELECT gen_random_uuid(), a.id, a.name, a.home_id, $3, $4, a.actions, a.restore, 'pending', $5, $5
         FROM geofencing.automations a
         WHERE a.home_id = $1 AND a.trigger = $2 AND a.enabled
           AND ($6::double precision IS NULL OR a.on_the_way_home_meters >= $6)
           AND NOT EXISTS (SELECT 1 FROM geofencing.automation_runs r
             WHERE r.automation_id = a.id AND r.cause = 'on-the-way-home' AND r.created_at >= $7)
         ORDER BY a.created_at, a.id RETURNING id`,
        [homeId, trigger, cause, userId, at, withinMeters ?? null, Math.min(tripStartedAt, at)],
      );
      return rows.length;
    },
    followsApproach: () => atStart.followsApproach,
    async memberApproach(userId) {
      const [row] = await queryRows<{ approach_meters: number | null; approach_at: string | null }>(
        db,
        'SELECT approach_meters, approach_at FROM geofencing.member_presence WHERE home_id = $1 AND user_id = $2',
        [homeId, userId],
      );
      if (row?.approach_meters == null || row.approach_at === null) return null;
      return { meters: row.approach_meters, at: Number(row.approach_at) };
    },
    async saveMemberApproach(userId, approach) {
      await queryRows(
        db,
        'UPDATE geofencing.member_presence SET approach_meters = $3, approach_at = $4 WHERE home_id = $1 AND user_id = $2',
        [homeId, userId, approach?.meters ?? null, approach?.at ?? null],
      );
    },
  };
}
