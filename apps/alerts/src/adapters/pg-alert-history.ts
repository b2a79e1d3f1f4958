import { inTransaction, queryRows, type SqlPool, type SqlQueryable } from '@homeport/storage';
import { buildAcknowledgedEvent, type AlertRecord } from '../domain/alert-events';
import type { AlertFilter, AlertHistoryStore, AlertScope } from '../domain/ports';
import { changedAlertsProjection, enqueueAlertEvents, queryChangedAlerts } from './pg-alert-records';

/** SQL conditions on `alerts.alerts a`, their parameters appended to `params` ($n numbered after them). */
class Conditions {
  readonly parts: string[] = [];
  constructor(readonly params: unknown[]) {}
  add(sql: (placeholder: string) => string, value: unknown): void {
    this.params.push(value);
    this.parts.push(sql(`$${this.params.length}`));
  }
  get sql(): string {
    return this.parts.length === 0 ? 'true' : this.parts.join(' AND ');
  }
}

// A home sees the alerts of its devices (its own rules and the vendors' defaults); a vendor those of its rules.
function addScope(conditions: Conditions, scope: AlertScope): void {
  if (scope.homeId !== undefined) conditions.add((p) => `a.home_id = ${p}`, scope.homeId);
  if (scope.vendorId !== undefined) {
    conditions.add(
      (p) => `a.rule_id IN (SELECT id FROM alerts.rules WHERE owner_vendor_id = ${p})`,
      scope.vendorId,
    );
  }
}

function filterConditions(filter: AlertFilter, params: unknown[]): Conditions {
  const conditions = new Conditions(params);
  addScope(conditions, filter.scope);
  if (filter.deviceId !== undefined) conditions.add((p) => `a.device_id = ${p}`, filter.deviceId);
  if (filter.ruleId !== undefined) conditions.add((p) => `a.rule_id = ${p}`, filter.ruleId);
  if (filter.status === 'open') conditions.parts.push(`a.status IN ('pending', 'firing')`);
  else if (filter.status !== undefined) conditions.add((p) => `a.status = ${p}`, filter.status);
  if (filter.fromMs !== undefined) conditions.add((p) => `a.pending_since >= ${p}`, new Date(filter.fromMs));
  if (filter.toMs !== undefined) conditions.add((p) => `a.pending_since < ${p}`, new Date(filter.toMs));
  return conditions;
}

const newestFirst = 'ORDER BY pending_since DESC, alert_id DESC';

/** Reads alerts chosen by `where` (on `alerts.alerts a`) with the projection the transitions use. */
function selectAlerts(db: SqlQueryable, where: string, params: unknown[], tail = ''): Promise<AlertRecord[]> {
  const sql = `WITH changed AS (SELECT a.* FROM alerts.alerts a WHERE ${where} ${tail})${changedAlertsProjection}`;
  return queryChangedAlerts(db, `${sql} ${newestFirst}`, params);
}

const acknowledgeSql = (scopeSql: string) =>
  `
  WITH changed AS (
    UPDATE alerts.alerts a SET acknowledged_at = $2, acknowledged_by = $3, snoozed_until = $4
    WHERE a.id = $1 AND a.status = 'firing' AND a.acknowledged_at IS NULL AND ${scopeSql}
    RETURNING a.*
  )` + changedAlertsProjection;

// A longer snooze of the same rule on the device is never shortened by a later, shorter one.
const snoozeSql = `
  INSERT INTO alerts.rule_devices (rule_id, device_id, snoozed_until) VALUES ($1, $2, $3)
  ON CONFLICT (rule_id, device_id) DO UPDATE
    SET snoozed_until = greatest(alerts.rule_devices.snoozed_until, excluded.snoozed_until)
  RETURNING snoozed_until`;

/** The history and acknowledgements in `alerts.alerts`, events through `alerts.outbox`. */
export function createPostgresAlertHistory(pool: SqlPool): AlertHistoryStore {
  return {
    list(filter, { limit, after }) {
      const params: unknown[] = [];
      const conditions = filterConditions(filter, params);
      if (after !== null) {
        params.push(new Date(after.pendingSinceMs), after.alertId);
        conditions.parts.push(`(a.pending_since, a.id) < ($${params.length - 1}, $${params.length})`);
      }
      params.push(limit);
      const tail = `ORDER BY a.pending_since DESC, a.id DESC LIMIT $${params.length}`;
      return selectAlerts(pool, conditions.sql, params, tail);
    },
    async get(alertId, scope) {
      const conditions = new Conditions([alertId]);
      addScope(conditions, scope);
      return (await selectAlerts(pool, `a.id = $1 AND ${conditions.sql}`, conditions.params))[0];
    },
    acknowledge: (alertId, scope, { userId, nowMs, snoozedUntilMs }) =>
      inTransaction(pool, async (db) => {
        const conditions = new Conditions([
          alertId,
          new Date(nowMs),
          userId,
          snoozedUntilMs === null ? null : new Date(snoozedUntilMs),
        ]);
        addScope(conditions, scope);
        let [record] = await queryChangedAlerts(db, acknowledgeSql(conditions.sql), conditions.params);
        if (record === undefined) return undefined;
        if (snoozedUntilMs !== null) {
          const [snooze] = await queryRows<{ snoozed_until: Date }>(db, snoozeSql, [
            record.rule.id,
            record.deviceId,
            new Date(snoozedUntilMs),
          ]);
          record = { ...record, ruleSnoozedUntilMs: snooze?.snoozed_until.getTime() ?? snoozedUntilMs };
        }
        await enqueueAlertEvents(db, [buildAcknowledgedEvent(record)]);
        return record;
      }),
  };
}
