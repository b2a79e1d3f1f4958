import type { AutomationAction } from '@homeport/contracts';
import { queryRows, type SqlPool } from '@homeport/storage';
import type {
  Automation,
  AutomationRun,
  AutomationStore,
  PropertyValue,
  RunChange,
  RunLog,
  RunQueue,
} from '../domain/automations';

interface AutomationRow {
  id: string;
  home_id: string;
  name: string;
  trigger: Automation['trigger'];
  enabled: boolean;
  actions: AutomationAction[];
  restore: boolean;
  on_the_way_home_meters: number | null;
  created_at: string;
  updated_at: string;
}

interface RunRow {
  id: string;
  automation_id: string;
  automation_name: string;
  home_id: string;
  cause: AutomationRun['cause'];
  user_id: string | null;
  actions: AutomationAction[];
  restore: boolean;
  status: AutomationRun['status'];
  attempts: number;
  last_error: string | null;
  changes: RunChange[] | null;
  created_at: string;
  finished_at: string | null;
}

const toAutomation = (row: AutomationRow): Automation => ({
  id: row.id,
  homeId: row.home_id,
  name: row.name,
  trigger: row.trigger,
  enabled: row.enabled,
  actions: row.actions,
  restore: row.restore,
  onTheWayHomeWithinMeters: row.on_the_way_home_meters,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toRun = (row: RunRow): AutomationRun => ({
  id: row.id,
  automationId: row.automation_id,
  automationName: row.automation_name,
  homeId: row.home_id,
  cause: row.cause,
  userId: row.user_id,
  actions: row.actions,
  restore: row.restore,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  changes: row.changes,
  createdAt: Number(row.created_at),
  finishedAt: row.finished_at === null ? null : Number(row.finished_at),
});

const automationColumns = `id, home_id, name, trigger, enabled, actions, restore, on_the_way_home_meters,
  created_at, updated_at`;
const runColumns = `id, automation_id, automation_name, home_id, cause, user_id, actions, restore, status,
  attempts, last_error, changes, created_at, finished_at`;

const automationValues = (automation: Automation) => [
  automation.id,
  automation.homeId,
  automation.name,
  automation.trigger,
  automation.enabled,
  JSON.stringify(automation.actions),
  automation.restore,
  automation.onTheWayHomeWithinMeters,
  automation.createdAt,
  automation.updatedAt,
];

/** Automations and their runs in PostgreSQL (schema `geofencing`); every query names the home. */
export function createPostgresAutomations(pool: SqlPool): AutomationStore & RunQueue & RunLog {
  return {
    async list(homeId) {
      const sql = `SELECT ${automationColumns} FROM geofencing.automations WHERE home_id = $1 ORDER BY created_at, id`;
      return (await queryRows<AutomationRow>(pool, sql, [homeId])).map(toAutomation);
    },
    async find(homeId, automationId) {
      const sql = `SELECT ${automationColumns} FROM geofencing.automations WHERE home_id = $1 AND id = $2`;
      const [row] = await queryRows<AutomationRow>(pool, sql, [homeId, automationId]);
      return row === undefined ? undefined : toAutomation(row);
    },
    async count(homeId) {
      const sql = 'SELECT count(*)::int AS n FROM geofencing.automations WHERE home_id = $1';
      const [row] = await queryRows<{ n: number }>(pool, sql, [homeId]);
      return row?.n ?? 0;
    },
    async insert(automation) {
      const sql = `INSERT INTO geofencing.automations (${automationColumns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
      await queryRows(pool, sql, automationValues(automation));
    },
    async replace(automation) {
      const sql = `UPDATE geofencing.automations SET name = $3, trigger = $4, enabled = $5, actions = $6,
          restore = $7, on_the_way_home_meters = $8, updated_at = $10
        WHERE id = $1 AND home_id = $2 AND created_at = $9 RETURNING id`;
      return (await queryRows(pool, sql, automationValues(automation))).length === 1;
    },
    async remove(homeId, automationId) {
      const sql = 'DELETE FROM geofencing.automations WHERE home_id = $1 AND id = $2 RETURNING id';
      return (await queryRows(pool, sql, [homeId, automationId])).length === 1;
    },
    async listRuns(homeId, limit) {
      const sql = `SELECT ${runColumns} FROM geofencing.automation_runs WHERE home_id = $1 ORDER BY seq DESC LIMIT $2`;
      return (await queryRows<RunRow>(pool, sql, [homeId, limit])).map(toRun);
    },

    async claimDue(now, leaseMs, limit) {
      const sql = `UPDATE geofencing.automation_runs SET attempts = attempts + 1, next_attempt_at = $2
        WHERE id IN (
          SELECT c.id FROM geofencing.automation_runs c
          WHERE c.status = 'pending' AND c.next_attempt_at <= $1
            AND NOT EXISTS (SELECT 1 FROM geofencing.automation_runs e
              WHERE e.home_id = c.home_id AND e.status = 'pending' AND e.seq < c.seq)
          ORDER BY c.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING ${runColumns}, seq`;
      const rows = await queryRows<RunRow & { seq: string }>(pool, sql, [now, now + leaseMs, limit]);
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toRun);
    },
    async capturedBeforeEmpty(run) {
      // The runs recorded by the home's last emptying before this run (one transaction: one created_at).
      const sql = `WITH last AS (
          SELECT max(created_at) AS at FROM geofencing.automation_runs
          WHERE home_id = $1 AND cause = 'home-empty'
            AND seq < (SELECT seq FROM geofencing.automation_runs WHERE id = $2))
        SELECT changes FROM geofencing.automation_runs, last
        WHERE home_id = $1 AND cause = 'home-empty' AND created_at = last.at AND changes IS NOT NULL
        ORDER BY seq`;
      const rows = await queryRows<{ changes: RunChange[] }>(pool, sql, [run.homeId, run.id]);
      const captured = new Map<string, Readonly<Record<string, PropertyValue>>>();
      for (const change of rows.flatMap((row) => row.changes)) {
        captured.set(change.deviceId, { ...captured.get(change.deviceId), ...change.previous });
      }
      return captured;
    },
    async savePlan(runId, changes) {
      const sql = 'UPDATE geofencing.automation_runs SET changes = $2 WHERE id = $1';
      await queryRows(pool, sql, [runId, JSON.stringify(changes)]);
    },
    async finish(runId, outcome, at) {
      const sql = `UPDATE geofencing.automation_runs SET status = $2, changes = $3, last_error = $4,
        finished_at = $5 WHERE id = $1`;
      await queryRows(pool, sql, [
        runId,
        outcome.status,
        JSON.stringify(outcome.changes),
        outcome.lastError,
        at,
      ]);
    },
    async retryLater(runId, error, at) {
      const sql = 'UPDATE geofencing.automation_runs SET last_error = $2, next_attempt_at = $3 WHERE id = $1';
      await queryRows(pool, sql, [runId, error, at]);
    },
    async deleteFinishedBefore(before, limit) {
      const sql = `DELETE FROM geofencing.automation_runs WHERE id IN (
          SELECT r.id FROM geofencing.automation_runs r
          WHERE r.status <> 'pending' AND r.finished_at < $1
            AND EXISTS (SELECT 1 FROM geofencing.automation_runs newer
              WHERE newer.automation_id = r.automation_id AND newer.seq > r.seq)
          LIMIT $2)
        RETURNING 1`;
      return (await queryRows(pool, sql, [before, limit])).length;
    },
  };
}
