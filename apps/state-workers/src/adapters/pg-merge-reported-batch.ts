import { maxDeviceStateBytes } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { isPostgresDataError, translatePostgresError, type SqlQueryable } from '@homeport/storage';
import type {
  MergeResult,
  RecordedStateChange,
  ReportedStateUpdate,
  StoredDeviceState,
} from '../domain/ports';
import type { MergedRows, StoredOrderKey } from './merged-rows';

/** SQLSTATE raised by refuse_oversized_state() (see the migration). */
const oversizedStateCode = 'HPS01';

/** The constraint that holds a device's state to the state budget (migrations/005). */
const stateBudgetConstraint = 'device_state_within_budget';

/** The state budget the constraint enforces (contracts' maxDeviceStateBytes). */
const stateBudgetBytes = maxDeviceStateBytes;

interface MergeRow {
  /** Position of the report in the batch. */
  idx: number;
  outcome: 'applied' | 'replayed';
  revision: string;
  state: Record<string, unknown>;
  reported_at: string;
  updated_at: Date;
  changed: Record<string, unknown>;
  event_state: Record<string, unknown>;
  event_revision: string;
  event_seq: string | null;
  event_reported_at: string;
  versions: Record<string, StoredOrderKey>;
  /** NULL when not known (migrations/008); undefined before migration 010. */
  newest_key?: StoredOrderKey | null;
}

// apply_device_epochs (migrations/006) puts each report's order epoch in front of its key and drops the
// reports a device's deletion discards.
const mergeBatchSql = `SELECT * FROM state_workers.merge_reported_batch(
  state_workers.apply_device_epochs($1::jsonb))`;

/**
 * Merges reports in SQL (merge_reported_batch, migrations/004 to 010): those the kept rows cannot decide, and
 * the first report of each device a replica merges; the rows the function returns are kept for the next.
 */
export async function mergeInSql(
  pool: SqlQueryable,
  rows: MergedRows,
  updates: readonly ReportedStateUpdate[],
): Promise<MergeResult[]> {
  let merged: MergeRow[];
  try {
    const items = updates.map((update, idx) => ({ idx, ...update, seq: update.seq ?? null }));
    merged = (await pool.query<MergeRow>(mergeBatchSql, [JSON.stringify(items)])).rows;
  } catch (error) {
    // Alone, a report fails with what it means for that device; a batch's error only says whether to split.
    const [only] = updates;
    throw updates.length === 1 && only !== undefined
      ? translateMergeError(error, only)
      : translatePostgresError(error);
  }
  keepMergedRows(rows, merged, updates);
  const byPosition = new Map(merged.map((row) => [row.idx, row]));
  return updates.map((update, idx): MergeResult => {
    const row = byPosition.get(idx);
    return row === undefined ? { outcome: 'stale' } : toMergeResult(row, update);
  });
}

/** Keeps each device's newest row merge_reported_batch returned, if its newest_key is known. */
function keepMergedRows(
  rows: MergedRows,
  merged: readonly MergeRow[],
  updates: readonly ReportedStateUpdate[],
): void {
  for (const row of merged) {
    const device = updates[row.idx];
    if (device === undefined) continue;
    const newestKey = row.newest_key ?? undefined;
    if (newestKey === undefined) {
      rows.delete(device);
      continue;
    }
    rows.set(device, {
      revision: Number(row.revision),
      state: row.state,
      versions: row.versions,
      newestKey,
      reportedAt: Number(row.reported_at),
    });
  }
}

function toMergeResult(row: MergeRow, update: ReportedStateUpdate): MergeResult {
  // An applied report made the current revision; a replayed one only when no later report merged since.
  const seq = row.outcome === 'applied' ? update.seq : readReplayedSeq(row);
  const current: StoredDeviceState = {
    vendorId: update.vendorId,
    deviceId: update.deviceId,
    revision: Number(row.revision),
    state: row.state,
    ...(seq === undefined ? {} : { seq }),
    reportedAt: Number(row.reported_at),
    storedAt: row.updated_at.getTime(),
    ...(row.newest_key == null ? {} : { orderKeys: { versions: row.versions, newestKey: row.newest_key } }),
  };
  const change: RecordedStateChange = {
    revision: Number(row.event_revision),
    event: {
      vendorId: update.vendorId,
      deviceId: update.deviceId,
      changed: row.changed,
      state: row.event_state,
      ...(row.event_seq === null ? {} : { seq: Number(row.event_seq) }),
      reportedAt: Number(row.event_reported_at),
      // A replay is the redelivery of the message that made the change, so it has the same receivedAt.
      receivedAt: update.order[2],
    },
  };
  if (row.outcome === 'replayed') return { outcome: 'replayed', current, change };
  const hasChanged = Object.keys(row.changed).length > 0;
  return { outcome: 'applied', current, change: hasChanged ? change : undefined };
}

function readReplayedSeq(row: MergeRow): number | undefined {
  return row.event_revision === row.revision && row.event_seq !== null ? Number(row.event_seq) : undefined;
}

function translateMergeError(error: unknown, update: ReportedStateUpdate): Error {
  const { vendorId, deviceId } = update;
  if ((error as { constraint?: unknown }).constraint === stateBudgetConstraint) {
    return new AppError(
      'invalid',
      'DEVICE_STATE_TOO_LARGE',
      `state of ${vendorId}/${deviceId} would exceed the state budget of ${stateBudgetBytes} bytes`,
      { details: { vendorId, deviceId, maxBytes: stateBudgetBytes }, cause: error },
    );
  }
  if ((error as { code?: unknown }).code === oversizedStateCode) {
    return new AppError(
      'invalid',
      'DEVICE_STATE_TOO_LARGE',
      `state of ${vendorId}/${deviceId} would exceed ${update.maxProperties} properties`,
      { details: { vendorId, deviceId, maxProperties: update.maxProperties }, cause: error },
    );
  }
  if (isPostgresDataError(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new AppError(
      'invalid',
      'DEVICE_STATE_INVALID',
      `report of ${vendorId}/${deviceId} refused: ${reason}`,
      {
        details: { vendorId, deviceId, sqlState: (error as { code?: unknown }).code },
        cause: error,
      },
    );
  }
  return translatePostgresError(error);
}
