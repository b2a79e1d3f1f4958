import type { AlertStatus } from '@homeport/contracts';
import { queryRows, writeOutboxEntries, type SqlQueryable } from '@homeport/storage';
import { buildResolvedEvent, type AlertEvent, type AlertRecord } from '../domain/alert-events';
import type { Reading } from '../domain/conditions';
import { readRuleRow } from './pg-rule-rows';

/**
 * The projection every transition returns: the changed alerts (a CTE named `changed`) with their rules, the
 * rule's snooze on the device and whether the home muted it, so their events are built in the transaction
 * that changed them. The history's reads use it too (a CTE `changed` of the alerts read).
 */
export const changedAlertsProjection = `
  SELECT c.id AS alert_id, c.vendor_id, c.device_id, c.home_id, c.status, c.value, c.pending_since, c.fired_at,
    c.resolved_at, c.resolved_value, c.acknowledged_at, c.acknowledged_by, c.snoozed_until AS alert_snoozed_until, c.escalation_level,
    rd.snoozed_until AS rule_snoozed_until, coalesce(rd.flapping, false) AS flapping,
    EXISTS (SELECT 1 FROM alerts.rule_mutes m WHERE m.rule_id = c.rule_id AND m.home_id::text = c.home_id) AS muted,
    r.*
  FROM changed c JOIN alerts.rules r ON r.id = c.rule_id
  LEFT JOIN alerts.rule_devices rd ON rd.rule_id = c.rule_id AND rd.device_id = c.device_id`;

type ChangedRow = Parameters<typeof readRuleRow>[0] & {
  alert_id: string;
  vendor_id: string;
  device_id: string;
  home_id: string | null;
  value: Reading | null;
  pending_since: Date;
  fired_at: Date | null;
  resolved_at: Date | null;
  resolved_value: Reading | null;
  status: AlertStatus;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  alert_snoozed_until: Date | null;
  rule_snoozed_until: Date | null;
  muted: boolean;
  flapping: boolean;
  escalation_level: number;
};

/** Runs a transition statement ending in `changedAlertsProjection`; resolves with the alerts it changed. */
export async function queryChangedAlerts(
  db: SqlQueryable,
  sql: string,
  params: unknown[],
): Promise<AlertRecord[]> {
  const rows = await queryRows<ChangedRow>(db, sql, params);
  return rows.map((row) => ({
    alertId: row.alert_id,
    rule: readRuleRow(row),
    vendorId: row.vendor_id,
    deviceId: row.device_id,
    homeId: row.home_id,
    value: row.value,
    pendingSinceMs: row.pending_since.getTime(),
    firedAtMs: row.fired_at?.getTime() ?? null,
    resolvedAtMs: row.resolved_at?.getTime() ?? null,
    resolvedValue: row.resolved_value,
    status: row.status,
    acknowledgedAtMs: row.acknowledged_at?.getTime() ?? null,
    acknowledgedBy: row.acknowledged_by,
    snoozedUntilMs: row.alert_snoozed_until?.getTime() ?? null,
    ruleSnoozedUntilMs: row.rule_snoozed_until?.getTime() ?? null,
    muted: row.muted,
    flapping: row.flapping,
    escalationLevel: row.escalation_level,
  }));
}

/** Writes events to `alerts.outbox`, in the caller's transaction. */
export function enqueueAlertEvents(db: SqlQueryable, events: readonly AlertEvent[]): Promise<void> {
  return writeOutboxEntries(db, alertsOutboxTable, events);
}

/** The table of alerts' transactional outbox (migration 002). */
export const alertsOutboxTable = 'alerts.outbox';

/** A reading as a jsonb parameter (SQL NULL for none). */
export const jsonbValue = (value: Reading | null): string | null =>
  value === null ? null : JSON.stringify(value);

// Pending alerts never fired: they go. Firing ones resolve with no reading (value null). $2: one home only, or null.
const closePendingSql = `
  DELETE FROM alerts.alerts
  WHERE rule_id = $1 AND ($2::text IS NULL OR home_id = $2::text) AND status = 'pending'`;
const closeFiringSql =
  `
  WITH changed AS (
    UPDATE alerts.alerts SET status = 'resolved', resolved_at = $3, resolved_value = NULL
    WHERE rule_id = $1 AND ($2::text IS NULL OR home_id = $2::text) AND status = 'firing'
    RETURNING *
  )` + changedAlertsProjection;

/**
 * Leaves no alert of the rule open (in `homeId` only, when given), in the caller's transaction: a rule
 * deleted, disabled or muted by a home would otherwise leave its firing alerts open for everyone who heard
 * they fired, with nothing left to resolve them.
 */
export async function closeOpenAlerts(
  db: SqlQueryable,
  scope: { readonly ruleId: string; readonly homeId?: string },
  at: Date,
): Promise<void> {
  const params = [scope.ruleId, scope.homeId ?? null];
  await queryRows(db, closePendingSql, params);
  const records = await queryChangedAlerts(db, closeFiringSql, [...params, at]);
  await enqueueAlertEvents(db, records.map(buildResolvedEvent));
}
