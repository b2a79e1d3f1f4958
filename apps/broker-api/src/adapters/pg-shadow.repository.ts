import { AppError } from '@homeport/errors';
import { createCallBatcher, isPostgresDataError } from '@homeport/storage';
import type { ReportedState, Shadow, ShadowRepository } from '../domain/shadow';
import type { StateProperties } from '../domain/state-document';
import { firstRow, queryRows, type NamedStatement } from '@homeport/storage';
import type { DeviceChangeOutbox } from './pg-device-change-outbox';
import { type Pool, type Queryable } from './postgres';

interface ShadowRow {
  device_id: string;
  vendor_id: string;
  desired: StateProperties | null;
  desired_version: number | null;
  desired_updated_at: Date | null;
  reported: StateProperties | null;
  reported_seq: number | null;
  reported_at: Date | null;
}

const shadowColumns = `d.id AS device_id, d.vendor_id, s.desired, s.desired_version, s.desired_updated_at,
  s.reported, s.reported_seq::float8 AS reported_seq, s.reported_at`;
// A device without a shadow row yet has an empty shadow (the LEFT JOIN gives nulls).
const selectShadow = `SELECT ${shadowColumns}
  FROM broker_api.devices d LEFT JOIN broker_api.device_shadows s ON s.device_id = d.id WHERE d.id = $1`;
const selectShadowForUpdate = `SELECT ${shadowColumns}
  FROM broker_api.devices d JOIN broker_api.device_shadows s ON s.device_id = d.id WHERE d.id = $1
  FOR UPDATE OF s`;

function toShadow(row: ShadowRow): Shadow {
  return {
    deviceId: row.device_id,
    vendorId: row.vendor_id,
    desired: {
      version: row.desired_version ?? 0,
      state: row.desired ?? {},
      updatedAt: row.desired_updated_at,
    },
    reported:
      row.reported === null || row.reported_at === null
        ? null
        : { state: row.reported, seq: row.reported_seq, reportedAt: row.reported_at },
  };
}

async function findShadow(db: Queryable, deviceId: string, forUpdate = false): Promise<Shadow | undefined> {
  const rows = await queryRows<ShadowRow>(db, forUpdate ? selectShadowForUpdate : selectShadow, [deviceId]);
  return rows[0] && toShadow(rows[0]);
}

/** Reports recorded in one statement at most. */
const maxBatchReports = 100;

/**
 * Records the reported copies of a batch in one statement. A device's newest report of the batch is the
 * one that can win (the older ones would be overwritten at once, and answer `false`); rows are written in
 * device order, so concurrent replicas take their locks in one order. The device is looked up by key in a
 * subquery: joined, it was hashed whole (a scan of every device per statement, the planner expecting 100
 * reports from jsonb_to_recordset). A copy of a device that does not exist fails that subquery's test; the
 * foreign key stops one deleted meanwhile. Named, so each connection plans it once: planned on every call it
 * cost PostgreSQL a third of its time (tools/bench/README.md, "Session 21: PostgreSQL's cost per message").
 */
const recordReportedBatch: NamedStatement = {
  name: 'broker_api.record_reported_copies',
  text: `
WITH reports AS (
  SELECT DISTINCT ON (r.device_id) r.idx, r.device_id, r.state, r.seq, r.reported_at
    FROM jsonb_to_recordset($1::jsonb)
      AS r(idx int, device_id text, state jsonb, seq bigint, reported_at timestamptz, received_at timestamptz)
    -- A report received before the device was created belongs to a deleted device that had the id.
    WHERE (SELECT d.created_at FROM broker_api.devices d WHERE d.id = r.device_id)
      <= coalesce(r.received_at, 'infinity')
    ORDER BY r.device_id, r.reported_at DESC, r.idx DESC
), recorded AS (
  INSERT INTO broker_api.device_shadows AS s (device_id, reported, reported_seq, reported_at)
    SELECT reports.device_id, reports.state, reports.seq, reports.reported_at FROM reports ORDER BY reports.device_id
    ON CONFLICT (device_id) DO UPDATE
      SET reported = EXCLUDED.reported, reported_seq = EXCLUDED.reported_seq, reported_at = EXCLUDED.reported_at
      WHERE s.reported_at IS NULL OR s.reported_at <= EXCLUDED.reported_at
    RETURNING s.device_id
)
SELECT reports.idx FROM reports JOIN recorded USING (device_id)`,
};

type ReportedCopy = ReportedState & { readonly deviceId: string; readonly receivedAt: Date | undefined };

/**
 * A copy alone that PostgreSQL cannot store (a seq beyond bigint, a NUL in a string) is refused as
 * `invalid`: the same data would fail on every retry. A batch's error is left for the batcher to split on.
 */
function explainCopyError(error: unknown, copies: readonly ReportedCopy[]): unknown {
  const [only] = copies;
  if (copies.length !== 1 || only === undefined || !isPostgresDataError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError(
    'invalid',
    'REPORTED_STATE_INVALID',
    `reported copy of ${only.deviceId} refused: ${reason}`,
    {
      details: { deviceId: only.deviceId, sqlState: (error as { code?: unknown }).code },
      cause: error,
    },
  );
}

/** Device shadows in PostgreSQL. */
export function createPgShadowRepository(pool: Pool, outbox: DeviceChangeOutbox): ShadowRepository {
  // One statement per event-loop turn instead of one per state-changed event (`npm run bench`). A batch
  // that fails because of one copy is split by the batcher until only that copy fails.
  const recordReportedBatched = createCallBatcher<ReportedCopy, boolean>({
    maxItems: maxBatchReports,
    run: async (copies) => {
      const items = copies.map((copy, idx) => ({
        idx,
        device_id: copy.deviceId,
        state: copy.state,
        seq: copy.seq,
        reported_at: copy.reportedAt.toISOString(),
        received_at: copy.receivedAt?.toISOString(),
      }));
      let rows: { idx: number }[];
      try {
        rows = await queryRows(pool, recordReportedBatch, [JSON.stringify(items)]);
      } catch (error) {
        throw explainCopyError(error, copies);
      }
      const recorded = new Set(rows.map((row) => row.idx));
      return copies.map((_, idx) => recorded.has(idx));
    },
  });
  return {
    find: (deviceId) => findShadow(pool, deviceId),

    updateDesired: (deviceId, change, expectedVersion, announce) =>
      outbox.change(async (db) => {
        await queryRows(
          db,
          `INSERT INTO broker_api.device_shadows (device_id)
            SELECT id FROM broker_api.devices WHERE id = $1 ON CONFLICT (device_id) DO NOTHING`,
          [deviceId],
        );
        const current = await findShadow(db, deviceId, true);
        if (current === undefined) return undefined;
        if (expectedVersion !== undefined && expectedVersion !== current.desired.version) {
          throw new AppError(
            'conflict',
            'DESIRED_VERSION_MISMATCH',
            `desired state is at version ${current.desired.version}, not ${expectedVersion}`,
            { details: { version: current.desired.version } },
          );
        }
        const next = change(current);
        const rows = await queryRows<{ desired_version: number; desired_updated_at: Date }>(
          db,
          `UPDATE broker_api.device_shadows
            SET desired = $2::jsonb, desired_version = desired_version + 1, desired_updated_at = now()
            WHERE device_id = $1 RETURNING desired_version, desired_updated_at`,
          [deviceId, JSON.stringify(next)],
        );
        const updated = firstRow(rows);
        return {
          ...current,
          desired: { version: updated.desired_version, state: next, updatedAt: updated.desired_updated_at },
        };
      }, announce),

    recordReported: (deviceId, reported, receivedAt) =>
      recordReportedBatched({ deviceId, ...reported, receivedAt }),
  };
}
