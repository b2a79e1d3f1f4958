import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import { buildFiredEvent, buildResolvedEvent, type AlertRecord } from '../domain/alert-events';
import type { AlertTransitions } from '../domain/ports';
import {
  changedAlertsProjection,
  enqueueAlertEvents,
  jsonbValue,
  queryChangedAlerts,
} from './pg-alert-records';
import { noteFlapTransitions, settleFlapping } from './pg-flapping';
import { fireSilentSql, recordActivitySql } from './pg-no-data';

// The open-alert index (rule, device) WHERE status IN ('pending', 'firing') makes a second opening nothing.
const openSql =
  `
  WITH changed AS (
    INSERT INTO alerts.alerts (id, rule_id, vendor_id, device_id, home_id, status, value, pending_since, due_at, fired_at)
    VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (rule_id, device_id) WHERE status IN ('pending', 'firing') DO NOTHING
    RETURNING *
  )` + changedAlertsProjection;

const resolveSql =
  `
  WITH changed AS (
    UPDATE alerts.alerts SET status = 'resolved', resolved_at = $3, resolved_value = $4
    WHERE rule_id = $1 AND device_id = $2 AND status = 'firing'
    RETURNING *
  )` + changedAlertsProjection;

// SKIP LOCKED: replicas sweeping at once take different rows; the status condition makes each fire once.
const fireDueSql =
  `
  WITH due AS (
    SELECT id FROM alerts.alerts WHERE status = 'pending' AND due_at <= $1
    ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
  ), changed AS (
    UPDATE alerts.alerts a SET status = 'firing', fired_at = $1 FROM due
    WHERE a.id = due.id AND a.status = 'pending'
    RETURNING a.*
  )` + changedAlertsProjection;

const sweepBatch = 500;

/** Alert transitions in `alerts.alerts`, each with its events written to `alerts.outbox` in one transaction. */
export function createPostgresAlertTransitions(pool: SqlPool): AlertTransitions {
  // A fired or resolved transition, its flap detection and their events, in one transaction at `atMs`.
  const inOneTransaction = (
    sql: string,
    params: unknown[],
    toEvent: (record: AlertRecord) => ReturnType<typeof buildFiredEvent>,
    atMs: number,
  ) =>
    inTransaction(pool, async (db) => {
      const changed = await queryChangedAlerts(db, sql, params);
      const { records, events } = await noteFlapTransitions(db, changed, atMs);
      // A flapping notice goes out before the alert event it silenced.
      await enqueueAlertEvents(db, [...events, ...records.map(toEvent)]);
      return records.length;
    });
  return {
    async open({ rule, device }, { value, nowMs, dueAtMs }) {
      const firing = dueAtMs <= nowMs;
      const params = [
        rule.id,
        device.vendorId,
        device.deviceId,
        device.homeId,
        firing ? 'firing' : 'pending',
        jsonbValue(value),
        new Date(nowMs),
        new Date(dueAtMs),
        firing ? new Date(nowMs) : null,
      ];
      // A pending opening has no event: one statement, no transaction.
      if (firing) await inOneTransaction(openSql, params, buildFiredEvent, nowMs);
      else await queryRows(pool, openSql, params);
    },
    async findOpen(deviceId) {
      const rows = await queryRows<{ rule_id: string; status: 'pending' | 'firing' }>(
        pool,
        `SELECT rule_id, status FROM alerts.alerts WHERE device_id = $1 AND status IN ('pending', 'firing')`,
        [deviceId],
      );
      return new Map(rows.map((row) => [row.rule_id, row.status]));
    },
    async cancelPending(ruleId, deviceId) {
      await queryRows(
        pool,
        `DELETE FROM alerts.alerts WHERE rule_id = $1 AND device_id = $2 AND status = 'pending'`,
        [ruleId, deviceId],
      );
    },
    async resolveFiring(ruleId, deviceId, { value, nowMs }) {
      await inOneTransaction(
        resolveSql,
        [ruleId, deviceId, new Date(nowMs), jsonbValue(value)],
        buildResolvedEvent,
        nowMs,
      );
    },
    fireDue: (nowMs) => inOneTransaction(fireDueSql, [new Date(nowMs), sweepBatch], buildFiredEvent, nowMs),
    async recordActivity(seen) {
      if (seen.length === 0) return;
      const records = seen.map(({ device, lastSeenMs }) => ({
        device_id: device.deviceId,
        vendor_id: device.vendorId,
        product_id: device.productId,
        home_id: device.homeId,
        last_seen_ms: lastSeenMs,
      }));
      await queryRows(pool, recordActivitySql, [JSON.stringify(records)]);
    },
    fireSilent: (nowMs) =>
      inOneTransaction(fireSilentSql, [new Date(nowMs), sweepBatch], buildFiredEvent, nowMs),
    settleFlapping: (nowMs) =>
      inTransaction(pool, async (db) => {
        const events = await settleFlapping(db, nowMs, sweepBatch);
        await enqueueAlertEvents(db, events);
        return events.length;
      }),
  };
}
