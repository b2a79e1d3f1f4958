import { createCallBatcher, settleBatch, translatePostgresError, type SqlQueryable } from '@homeport/storage';
import type { DeviceStateStore, MergeResult, ReportedStateUpdate } from '../domain/ports';
import { createMergedRows, type SharedRows } from './merged-rows';
import { createPayingGate } from './paying-gate';
import { readCurrentStates } from './pg-current-states';
import { mergeAboveRows, type KeptRows } from './pg-merge-above-rows';
import { mergeInSql } from './pg-merge-reported-batch';

/** The PostgreSQL schema state-workers own (migrations in apps/state-workers/migrations). */
export const stateWorkersSchema = 'state_workers';

/** A report's result, or the error that refused it alone. */
type SettledMerge = { readonly result: MergeResult } | { readonly error: unknown };

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
const defaultMergedRowsKept = 20_000;
/**
 * A merge above the kept rows pays while two in three of the reports planned are written; a read of the other
 * replicas' rows while one in four of the devices asked has a newer row there (a read costs about 200 µs of
 * state-workers' CPU and 27 µs of Redis' for 15 devices on a slow VM; a row found saves its report the SQL
 * merge, 40 µs of PostgreSQL's CPU or more: tools/bench/README.md, "Session 33").
 */
const mergeAbovePaysAt = 2 / 3;
const sharedReadPaysAt = 1 / 4;

/** Settings of the PostgreSQL state store. */
export interface PostgresDeviceStateStoreOptions {
  /** Least time between the starts of two merges that are not full (default 10; 0: none). */
  readonly mergeSpacingMs?: number;
  /** Devices whose merged row the replica keeps to merge their next report above it (default 20,000; 0: none). */
  readonly mergedRowsKept?: number;
  /** Where the rows the other replicas merged are read (default: none, a replica alone). */
  readonly sharedRows?: SharedRows;
}

/**
 * The device state store on PostgreSQL. The reports that arrive together (one turn, or while the merges
 * in flight run) are merged as one batch: those above their device's row as this replica last merged it
 * (or as another replica did, read from `sharedRows` when newer) in one conditional update
 * (pg-merge-above-rows.ts), the others (and those whose row moved on) in one call
 * of merge_reported_batch (migrations/004: one set-based statement per round of the batch), which returns
 * the rows it merged for the next batch. A batch that fails for another reason than an unreachable
 * database (a report over the property limit, data PostgreSQL cannot store) is split until only the
 * failing report fails, so the other reports of the batch are stored.
 */
export function createPostgresDeviceStateStore(
  pool: SqlQueryable,
  options: PostgresDeviceStateStoreOptions = {},
): DeviceStateStore {
  const rowsKept = options.mergedRowsKept ?? defaultMergedRowsKept;
  const rows = createMergedRows(rowsKept);
  const shared = rowsKept === 0 ? undefined : options.sharedRows;
  const kept: KeptRows = {
    rows,
    gate: createPayingGate(mergeAbovePaysAt),
    ...(shared && { shared: { rows: shared, gate: createPayingGate(sharedReadPaysAt) } }),
  };
  const merge = createCallBatcher<ReportedStateUpdate, SettledMerge>({
    maxItems: maxBatchReports,
    maxWaitMs: batchMaxWaitMs,
    maxInFlight: mergesInFlight,
    minSpacingMs: options.mergeSpacingMs ?? defaultMergeSpacingMs,
    run: (updates) => mergeBatch(pool, kept, updates),
  });
  return {
    async mergeReported(update) {
      const settled = await merge(update);
      if ('error' in settled) throw settled.error;
      return settled.result;
    },

    async startEpoch({ vendorId, deviceId }, startedAt) {
      const sql = `SELECT ${stateWorkersSchema}.start_device_epoch($1, $2, $3)`;
      await pool.query(sql, [vendorId, deviceId, startedAt]).catch(rethrowTranslated);
      rows.delete({ vendorId, deviceId });
    },

    async forgetDevice({ vendorId, deviceId }, deletedAt) {
      const sql = `SELECT ${stateWorkersSchema}.forget_device($1, $2, $3) AS revision`;
      const result = await pool
        .query<{ revision: string }>(sql, [vendorId, deviceId, deletedAt])
        .catch(rethrowTranslated);
      rows.delete({ vendorId, deviceId });
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

/** Merges a batch: above the kept rows what can be, the rest in merge_reported_batch after it. */
async function mergeBatch(
  pool: SqlQueryable,
  kept: KeptRows,
  updates: readonly ReportedStateUpdate[],
): Promise<SettledMerge[]> {
  const settled: SettledMerge[] = [];
  try {
    const above = await mergeAboveRows(pool, kept, updates);
    above.forEach((result, index) => void (settled[index] = { result }));
    // The rest go to merge_reported_batch, split there (and only there) around a report refused alone.
    const rest = updates.flatMap((update, index) => (above.has(index) ? [] : [{ update, index }]));
    await settleBatch(
      rest.map(({ update, index }) => ({
        item: update,
        resolve: (result: MergeResult) => void (settled[index] = { result }),
        reject: (error: unknown) => void (settled[index] = { error }),
      })),
      { run: (batch) => mergeInSql(pool, kept.rows, batch) },
    );
    return settled;
  } catch (error) {
    return updates.map(() => ({ error }));
  }
}

function rethrowTranslated(error: unknown): never {
  throw translatePostgresError(error);
}
