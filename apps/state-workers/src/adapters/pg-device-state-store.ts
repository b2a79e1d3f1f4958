import { maxDeviceStateBytes } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import {
  createCallBatcher,
  isPostgresDataError,
  translatePostgresError,
  type SqlQueryable,
} from '@homeport/storage';
import type {
  DeviceStateStore,
  MergeResult,
  RecordedStateChange,
  ReportedStateUpdate,
  StoredDeviceState,
} from '../domain/ports';
import { readCurrentStates } from './pg-current-states';

/** The PostgreSQL schema state-workers own (migrations in apps/state-workers/migrations). */
export const stateWorkersSchema = 'state_workers';

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
}

/** Reports merged in one call at most (one transaction, one round trip). */
const maxBatchReports = 100;

/**
 * One merge at a time, and merges that are not full started at least a spacing apart (`mergeSpacingMs`); a report after a
 * quiet spell goes at the end of its turn (low load: no wait). While a merge runs, reports pile up until it
 * ends (at most `batchMaxWaitMs`). A merge statement costs PostgreSQL about 600 µs of CPU plus about 55 µs
 * per report (tools/bench/README.md, "Fewer store requests"): 150 µs a report in batches of 5, 60 in
 * batches of 100, so batches must grow with the load rather than the statements.
 */
const mergesInFlight = 1;
const defaultMergeSpacingMs = 10;
const batchMaxWaitMs = 30;

/** Settings of the PostgreSQL state store. */
export interface PostgresDeviceStateStoreOptions {
  /** Least time between the starts of two merges that are not full (default 10; 0: none). */
  readonly mergeSpacingMs?: number;
}

// apply_device_epochs (migrations/006) puts each report's order epoch in front of its key and drops the
// reports a device's deletion discards.
const mergeBatchSql = `SELECT * FROM ${stateWorkersSchema}.merge_reported_batch(
  ${stateWorkersSchema}.apply_device_epochs($1::jsonb))`;

/**
 * The device state store on PostgreSQL. The reports that arrive together (one turn, or while the merges
 * in flight run) go to the database in one call of merge_reported_batch (migrations/004: one set-based statement per round of
 * the batch). A batch that fails for another reason than an unreachable database (a report over the
 * property limit, data PostgreSQL cannot store) is split by the batcher until only the failing report
 * fails, so the other reports of the batch are stored.
 */
export function createPostgresDeviceStateStore(
  pool: SqlQueryable,
  options: PostgresDeviceStateStoreOptions = {},
): DeviceStateStore {
  const merge = createCallBatcher<ReportedStateUpdate, MergeResult>({
    maxItems: maxBatchReports,
    maxWaitMs: batchMaxWaitMs,
    maxInFlight: mergesInFlight,
    minSpacingMs: options.mergeSpacingMs ?? defaultMergeSpacingMs,
    run: async (updates) => {
      let rows: MergeRow[];
      try {
        const items = updates.map((update, idx) => ({ idx, ...update, seq: update.seq ?? null }));
        rows = (await pool.query<MergeRow>(mergeBatchSql, [JSON.stringify(items)])).rows;
      } catch (error) {
        // Alone, a report fails with what it means for that device; a batch's error only says whether to split.
        const [only] = updates;
        throw updates.length === 1 && only !== undefined
          ? translateMergeError(error, only)
          : translatePostgresError(error);
      }
      const byPosition = new Map(rows.map((row) => [row.idx, row]));
      return updates.map((update, idx): MergeResult => {
        const row = byPosition.get(idx);
        return row === undefined ? { outcome: 'stale' } : toMergeResult(row, update);
      });
    },
  });
  return {
    mergeReported: merge,

    async startEpoch({ vendorId, deviceId }, startedAt) {
      const sql = `SELECT ${stateWorkersSchema}.start_device_epoch($1, $2, $3)`;
      await pool.query(sql, [vendorId, deviceId, startedAt]).catch(rethrowTranslated);
    },

    async forgetDevice({ vendorId, deviceId }, deletedAt) {
      const sql = `SELECT ${stateWorkersSchema}.forget_device($1, $2, $3) AS revision`;
      const result = await pool
        .query<{ revision: string }>(sql, [vendorId, deviceId, deletedAt])
        .catch(rethrowTranslated);
      return Number(result.rows[0]?.revision);
    },

    readCurrentStates: (after, limit) => readCurrentStates(pool, after, limit),

    async pruneChanges(before) {
      try {
        const result = await pool.query(
          `DELETE FROM ${stateWorkersSchema}.state_changes WHERE recorded_at < $1`,
          [before],
        );
        return result.rowCount ?? 0;
      } catch (error) {
        throw translatePostgresError(error);
      }
    },
  };
}

function rethrowTranslated(error: unknown): never {
  throw translatePostgresError(error);
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
