import { maxDeviceStateBytes } from '@homeport/contracts';
import { isTransient } from '@homeport/errors';
import { translatePostgresError, type NamedStatement, type SqlQueryable } from '@homeport/storage';
import type { DeviceRef, MergeResult, ReportedStateUpdate } from '../domain/ports';
import type { PayingGate } from './paying-gate';
import { mergeAboveRow } from './merge-above-row';
import { deviceKeyOf, type MergedRow, type MergedRows, type SharedRows } from './merged-rows';

/** The rows a replica keeps, where the other replicas' rows are read, and whether each pays. */
export interface KeptRows {
  readonly rows: MergedRows;
  readonly gate: PayingGate;
  readonly shared?: { readonly rows: SharedRows; readonly gate: PayingGate };
}

/** A device whose reports of a batch (or the first of them) merge above its kept row. */
interface PlannedDevice {
  readonly device: DeviceRef;
  readonly expected: MergedRow;
  readonly steps: readonly PlannedStep[];
  /** The last step: the row written. */
  readonly last: PlannedStep;
}

interface PlannedStep {
  /** Position of the report in the batch. */
  readonly index: number;
  readonly update: ReportedStateUpdate;
  readonly row: MergedRow;
  readonly changed: Readonly<Record<string, unknown>>;
}

interface WrittenRow {
  vendor: string;
  device: string;
  updated_at: Date;
}

/**
 * Each device's new row, written only if the stored row is still the one it was merged above (same revision
 * and `newest_key`: a merge elsewhere raises the revision, a new epoch or a deletion clears `newest_key` in the
 * transaction that records it) and no epoch began between that row's and the reports' receipt (a report's
 * epoch is that of its receipt, migrations/006), with the change records of the reports that changed a value
 * (the last report's taken from the row).
 * The rows are locked first in (vendor, device) order, the order merge_reported_batch locks them in, so
 * concurrent batches of several replicas never deadlock; a row another transaction changed meanwhile is
 * checked again in its new version (READ COMMITTED), and fails the check. Every state the row takes is held
 * to the state budget (the constraint sees only the last, the SQL merge writes each): a state the row passes
 * through without a change record is an earlier one's, or the kept row's.
 */
const mergeAboveRowsStatement: NamedStatement = {
  // Prepared once per connection: planning it took about 0.7 ms, a third of a batch of 50's statement.
  name: 'state_workers.merge_above_rows',
  text: `
WITH planned AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(vendor text, device text, "expectedRevision" bigint,
    "expectedNewestKey" jsonb, "receivedFrom" bigint, "receivedTo" bigint, revision bigint, state jsonb,
    versions jsonb, changed jsonb, "newestKey" jsonb, "reportedAt" bigint, message text, seq bigint,
    "messageReportedAt" bigint)
),
earlier AS (
  SELECT c.*, octet_length(c.state::text) AS state_bytes FROM jsonb_to_recordset($2::jsonb) AS c(vendor text,
    device text, message text, revision bigint, changed jsonb, state jsonb, seq bigint, "reportedAt" bigint)
),
locked AS MATERIALIZED (
  SELECT l.vendor_id, l.device_id FROM (SELECT vendor, device FROM planned ORDER BY vendor, device) r,
  LATERAL (
    SELECT cur.vendor_id, cur.device_id FROM state_workers.device_state cur
    WHERE cur.vendor_id = r.vendor AND cur.device_id = r.device
    FOR NO KEY UPDATE
  ) l
),
updated AS (
  UPDATE state_workers.device_state cur
  SET state = r.state, versions = r.versions, revision = r.revision, last_changed = r.changed,
    newest_key = r."newestKey", reported_at = r."reportedAt", updated_at = now()
  FROM planned r JOIN locked l ON l.vendor_id = r.vendor AND l.device_id = r.device
  WHERE cur.vendor_id = r.vendor AND cur.device_id = r.device
    AND cur.revision = r."expectedRevision" AND cur.newest_key = r."expectedNewestKey"
    AND NOT EXISTS (
      SELECT 1 FROM state_workers.device_epochs e
      WHERE e.vendor_id = r.vendor AND e.device_id = r.device AND (e.deleted_at > r."receivedFrom" OR EXISTS (
        SELECT 1 FROM unnest(e.epoch_starts) s WHERE s > (r."expectedNewestKey" ->> 0)::bigint AND s <= r."receivedTo")))
    AND NOT EXISTS (
      SELECT 1 FROM earlier c WHERE c.vendor = r.vendor AND c.device = r.device AND c.state_bytes > ${maxDeviceStateBytes})
  RETURNING cur.vendor_id, cur.device_id, cur.updated_at
),
recorded AS (
  INSERT INTO state_workers.state_changes (vendor_id, device_id, message_id, revision, changed, state, seq, reported_at)
  SELECT r.vendor, r.device, r.message, r.revision, r.changed, r.state, r.seq, r."messageReportedAt"
  FROM planned r JOIN updated u ON u.vendor_id = r.vendor AND u.device_id = r.device
  WHERE r.changed <> '{}'
  UNION ALL
  SELECT c.vendor, c.device, c.message, c.revision, c.changed, c.state, c.seq, c."reportedAt"
  FROM earlier c JOIN updated u ON u.vendor_id = c.vendor AND u.device_id = c.device
  ON CONFLICT DO NOTHING
)
SELECT vendor_id AS vendor, device_id AS device, updated_at FROM updated`,
};

/**
 * Merges the reports of a batch that can merge above their device's kept row (merge-above-row.ts) in one
 * conditional update, about a quarter of merge_reported_batch's cost to PostgreSQL (tools/bench/README.md,
 * "Session 31"). Resolves with the results by position in the batch; the reports it leaves out (no kept row,
 * not decidable above it, or the stored row moved on) are for merge_reported_batch, after it. A failure
 * that is not transient (a state over the budget, data PostgreSQL cannot store) leaves every report to
 * merge_reported_batch, which finds the report at fault.
 */
export async function mergeAboveRows(
  pool: SqlQueryable,
  kept: KeptRows,
  updates: readonly ReportedStateUpdate[],
): Promise<Map<number, MergeResult>> {
  const { rows, gate, shared } = kept;
  const results = new Map<number, MergeResult>();
  // Before the merge's gate, not under it: rows kept current let that gate's next try be written and open it.
  if (shared?.gate.isOpen()) await readSharedRows(rows, shared, distinctDevices(updates));
  // Asked first: while closed, the batch is not merged in TypeScript either.
  if (!gate.isOpen()) return results;
  const planned = planMerges(rows, updates);
  if (planned.length === 0) return results;
  const plannedReports = planned.reduce((sum, device) => sum + device.steps.length, 0);
  let written: WrittenRow[];
  try {
    written = (await pool.query<WrittenRow>(mergeAboveRowsStatement, toParameters(planned))).rows;
  } catch (error) {
    const translated = translatePostgresError(error);
    if (isTransient(translated)) throw translated;
    for (const { device } of planned) rows.delete(device);
    gate.record(plannedReports, 0);
    return results;
  }
  const storedAt = new Map(
    written.map((row) => [
      deviceKeyOf({ vendorId: row.vendor, deviceId: row.device }),
      row.updated_at.getTime(),
    ]),
  );
  for (const { device, steps, last } of planned) {
    const at = storedAt.get(deviceKeyOf(device));
    if (at === undefined) {
      rows.delete(device);
      continue;
    }
    for (const step of steps) results.set(step.index, toMergeResult(step, at));
    rows.set(device, last.row);
  }
  gate.record(plannedReports, results.size);
  return results;
}

/**
 * Keeps the rows the other replicas merged since this replica's, for the batch's devices: with replicas
 * competing on one queue, a device's reports go to each in turn, and the row kept here has often moved on.
 * Only a guess is lost when the read fails (Redis unreachable, or a hash it cannot read): the batch goes on
 * without them, the read counted as not paying; an unreachable Redis fails the cache write of the batch's
 * reports anyway.
 */
async function readSharedRows(
  rows: MergedRows,
  shared: NonNullable<KeptRows['shared']>,
  devices: readonly DeviceRef[],
): Promise<void> {
  const known = devices.map((device) => ({ device, knownRevision: rows.get(device)?.revision ?? 0 }));
  const newer = await shared.rows.readNewer(known).catch(() => []);
  let found = 0;
  newer.forEach((row, index) => {
    const asked = known[index];
    if (row === undefined || asked === undefined) return;
    rows.set(asked.device, row);
    found += 1;
  });
  shared.gate.record(devices.length, found);
}

function distinctDevices(updates: readonly ReportedStateUpdate[]): DeviceRef[] {
  const devices = new Map<string, DeviceRef>();
  for (const { vendorId, deviceId } of updates)
    devices.set(deviceKeyOf({ vendorId, deviceId }), { vendorId, deviceId });
  return [...devices.values()];
}

/** The devices whose first reports merge above their kept row. */
function planMerges(rows: MergedRows, updates: readonly ReportedStateUpdate[]): PlannedDevice[] {
  const byDevice = new Map<string, { index: number; update: ReportedStateUpdate }[]>();
  updates.forEach((update, index) => {
    const key = deviceKeyOf(update);
    const reports = byDevice.get(key) ?? [];
    reports.push({ index, update });
    byDevice.set(key, reports);
  });
  const planned: PlannedDevice[] = [];
  for (const reports of byDevice.values()) {
    const [first] = reports;
    const expected = first && rows.get(first.update);
    if (expected === undefined) continue;
    const steps: PlannedStep[] = [];
    let row = expected;
    // The device's reports in their order, up to the first the SQL merge must decide (it and the rest go there).
    for (const { index, update } of reports) {
      const merged = mergeAboveRow(row, update);
      if (merged === undefined) break;
      row = merged.row;
      steps.push({ index, update, row, changed: merged.changed });
    }
    const last = steps.at(-1);
    if (last === undefined) continue;
    const { vendorId, deviceId } = last.update;
    planned.push({ device: { vendorId, deviceId }, expected, steps, last });
  }
  return planned;
}

function toParameters(planned: readonly PlannedDevice[]): [string, string] {
  const devices = planned.map(({ device, expected, steps, last }) => {
    const receivedAts = steps.map((step) => step.update.order[2]);
    return {
      vendor: device.vendorId,
      device: device.deviceId,
      expectedRevision: expected.revision,
      expectedNewestKey: expected.newestKey,
      receivedFrom: Math.min(...receivedAts),
      receivedTo: Math.max(...receivedAts),
      revision: last.row.revision,
      state: last.row.state,
      versions: last.row.versions,
      changed: last.changed,
      newestKey: last.row.newestKey,
      reportedAt: last.row.reportedAt,
      // The last report's change record, if it changed a value (`changed`, `state` and `revision` are the row's).
      message: last.update.messageId,
      seq: last.update.seq ?? null,
      messageReportedAt: last.update.reportedAt,
    };
  });
  // The change records of the earlier reports of a device in the batch (each state the row passes through).
  const earlier = planned.flatMap(({ device, steps }) =>
    steps
      .slice(0, -1)
      .filter((step) => Object.keys(step.changed).length > 0)
      .map((step) => ({
        vendor: device.vendorId,
        device: device.deviceId,
        message: step.update.messageId,
        revision: step.row.revision,
        changed: step.changed,
        state: step.row.state,
        seq: step.update.seq ?? null,
        reportedAt: step.update.reportedAt,
      })),
  );
  return [JSON.stringify(devices), JSON.stringify(earlier)];
}

function toMergeResult({ update, row, changed }: PlannedStep, storedAt: number): MergeResult {
  const { vendorId, deviceId, seq } = update;
  const hasChanged = Object.keys(changed).length > 0;
  return {
    outcome: 'applied',
    current: {
      vendorId,
      deviceId,
      revision: row.revision,
      state: row.state,
      ...(seq === undefined ? {} : { seq }),
      reportedAt: row.reportedAt,
      storedAt,
      orderKeys: { versions: row.versions, newestKey: row.newestKey },
    },
    change: hasChanged
      ? {
          revision: row.revision,
          event: {
            vendorId,
            deviceId,
            changed,
            state: row.state,
            ...(seq === undefined ? {} : { seq }),
            reportedAt: update.reportedAt,
            receivedAt: update.order[2],
          },
        }
      : undefined,
  };
}
