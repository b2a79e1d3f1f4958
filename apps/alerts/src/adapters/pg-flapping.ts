import { queryRows, type SqlQueryable } from '@homeport/storage';
import {
  buildFlappingChangedEvent,
  type AlertEvent,
  type AlertRecord,
  type FlappingChange,
} from '../domain/alert-events';
import { noteTransition, type FlapState } from '../domain/flapping';
import { readRuleRow } from './pg-rule-rows';

// Creates the rows the transitions need and locks them all (ON CONFLICT DO UPDATE locks an existing row), so
// two transactions never note one rule and device at once.
const lockSql = `
  INSERT INTO alerts.rule_devices AS rd (rule_id, device_id, vendor_id, home_id)
  SELECT rule_id, device_id, vendor_id, home_id
  FROM jsonb_to_recordset($1::jsonb) AS t(rule_id uuid, device_id text, vendor_id text, home_id text)
  ON CONFLICT (rule_id, device_id) DO UPDATE SET vendor_id = excluded.vendor_id, home_id = excluded.home_id
  RETURNING rule_id, device_id, transitions, flapping`;

const writeSql = `
  UPDATE alerts.rule_devices rd SET transitions = t.transitions, flapping = t.flapping, last_transition_at = $2
  FROM jsonb_to_recordset($1::jsonb) AS t(rule_id uuid, device_id text, transitions jsonb, flapping boolean)
  WHERE rd.rule_id = t.rule_id AND rd.device_id = t.device_id`;

const keyOf = (ruleId: string, deviceId: string) => `${ruleId}/${deviceId}`;

/**
 * Notes the fired or resolved transitions of `records` at `atMs` for flap detection, in the caller's
 * transaction: answers the records with whether their rule is flapping on the device now (their events then
 * carry notify: false) and an alert.flapping-changed event for each rule that just started flapping.
 */
export async function noteFlapTransitions(
  db: SqlQueryable,
  records: readonly AlertRecord[],
  atMs: number,
): Promise<{ records: AlertRecord[]; events: AlertEvent[] }> {
  if (records.length === 0) return { records: [], events: [] };
  const subjects = records.map((record) => ({
    rule_id: record.rule.id,
    device_id: record.deviceId,
    vendor_id: record.vendorId,
    home_id: record.homeId,
  }));
  const rows = await queryRows<{
    rule_id: string;
    device_id: string;
    transitions: number[];
    flapping: boolean;
  }>(db, lockSql, [JSON.stringify(subjects)]);
  const states = new Map<string, FlapState & { readonly ruleId: string; readonly deviceId: string }>(
    rows.map((row) => [
      keyOf(row.rule_id, row.device_id),
      {
        ruleId: row.rule_id,
        deviceId: row.device_id,
        flapping: row.flapping,
        transitionsMs: row.transitions,
      },
    ]),
  );
  const changes: FlappingChange[] = [];
  const noted = records.map((record) => {
    const key = keyOf(record.rule.id, record.deviceId);
    const { state, started } = noteTransition(
      states.get(key) ?? { flapping: false, transitionsMs: [] },
      atMs,
      record.rule.flapping,
    );
    states.set(key, { ruleId: record.rule.id, deviceId: record.deviceId, ...state });
    if (started) {
      changes.push({ ...record, flapping: true, transitions: state.transitionsMs.length, changedAtMs: atMs });
    }
    return { ...record, flapping: state.flapping };
  });
  const written = [...states.values()].map((state) => ({
    rule_id: state.ruleId,
    device_id: state.deviceId,
    transitions: state.transitionsMs,
    flapping: state.flapping,
  }));
  await queryRows(db, writeSql, [JSON.stringify(written), new Date(atMs)]);
  return { records: noted, events: changes.map(buildFlappingChangedEvent) };
}

// SKIP LOCKED and the flapping condition: of replicas sweeping at once, one settles each, once.
const settleSql = `
  WITH due AS (
    SELECT rd.rule_id, rd.device_id FROM alerts.rule_devices rd JOIN alerts.rules r ON r.id = rd.rule_id
    WHERE rd.flapping AND rd.last_transition_at + make_interval(secs => r.flap_window_seconds) <= $1
    LIMIT $2 FOR UPDATE OF rd SKIP LOCKED
  ), settled AS (
    UPDATE alerts.rule_devices rd SET flapping = false, transitions = '[]' FROM due
    WHERE rd.rule_id = due.rule_id AND rd.device_id = due.device_id AND rd.flapping
    RETURNING rd.rule_id, rd.device_id AS settled_device_id, rd.vendor_id AS settled_vendor_id,
      rd.home_id AS settled_home_id
  )
  SELECT s.settled_device_id, s.settled_vendor_id, s.settled_home_id, r.*
  FROM settled s JOIN alerts.rules r ON r.id = s.rule_id`;

/**
 * Settles the flapping rules quiet for a whole window by `nowMs` (re-armed: their transitions forgotten);
 * answers an alert.flapping-changed event (flapping: false) for each, to be written in the same transaction.
 */
export async function settleFlapping(db: SqlQueryable, nowMs: number, limit: number): Promise<AlertEvent[]> {
  const rows = await queryRows<
    Parameters<typeof readRuleRow>[0] & {
      settled_device_id: string;
      settled_vendor_id: string | null;
      settled_home_id: string | null;
    }
  >(db, settleSql, [new Date(nowMs), limit]);
  return rows.map((row) => {
    const rule = readRuleRow(row);
    return buildFlappingChangedEvent({
      rule,
      vendorId: row.settled_vendor_id ?? rule.vendorId,
      deviceId: row.settled_device_id,
      homeId: row.settled_home_id,
      flapping: false,
      transitions: 0,
      changedAtMs: nowMs,
    });
  });
}
