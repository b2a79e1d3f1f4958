import { AppError } from '@homeport/errors';
import { translatePostgresError, type SqlQueryable } from '@homeport/storage';
import type {
  DeviceStateStore,
  MergeResult,
  RecordedStateChange,
  ReportedStateUpdate,
  StoredDeviceState,
} from '../domain/ports';
import { mergeReportedStateSql } from './merge-reported-state.sql';

/** The PostgreSQL schema state-workers own (migrations in apps/state-workers/migrations). */
export const stateWorkersSchema = 'state_workers';

/** SQLSTATE raised by refuse_oversized_state() (see the migration). */
const oversizedStateCode = 'HPS01';

interface MergeRow {
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

/** The device state store on PostgreSQL: one guarded statement per message (see the README). */
export function createPostgresDeviceStateStore(pool: SqlQueryable): DeviceStateStore {
  return {
    async mergeReported(update) {
      const { vendorId, deviceId } = update;
      let rows: MergeRow[];
      try {
        const result = await pool.query<MergeRow>(mergeReportedStateSql, [
          vendorId,
          deviceId,
          JSON.stringify(update.properties),
          JSON.stringify(update.order),
          update.messageId,
          update.reportedAt,
          update.seq ?? null,
          update.maxProperties,
        ]);
        rows = result.rows;
      } catch (error) {
        throw translateMergeError(error, update);
      }
      const row = rows[0];
      return row === undefined ? { outcome: 'stale' } : toMergeResult(row, update);
    },

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

function toMergeResult(row: MergeRow, update: ReportedStateUpdate): MergeResult {
  const current: StoredDeviceState = {
    vendorId: update.vendorId,
    deviceId: update.deviceId,
    revision: Number(row.revision),
    state: row.state,
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
    },
  };
  if (row.outcome === 'replayed') return { outcome: 'replayed', current, change };
  const hasChanged = Object.keys(row.changed).length > 0;
  return { outcome: 'applied', current, change: hasChanged ? change : undefined };
}

function translateMergeError(error: unknown, update: ReportedStateUpdate): Error {
  if ((error as { code?: unknown }).code === oversizedStateCode) {
    const { vendorId, deviceId } = update;
    return new AppError(
      'invalid',
      'DEVICE_STATE_TOO_LARGE',
      `state of ${vendorId}/${deviceId} would exceed ${update.maxProperties} properties`,
      { details: { vendorId, deviceId, maxProperties: update.maxProperties }, cause: error },
    );
  }
  return translatePostgresError(error);
}
