import { translatePostgresError, type SqlQueryable } from '@homeport/storage';
import type { CurrentDeviceState, DeviceRef } from '../domain/ports';

interface CurrentStateRow {
  vendor_id: string;
  device_id: string;
  revision: string;
  state: Record<string, unknown>;
  reported_at: string;
  updated_at: Date;
  deleted: boolean;
}

// Keyset paging on the primary key: each page is one index range scan, however far the refill got. A row
// still at the revision its deletion gave it (device_epochs.deleted_revision, migrations/006) is that
// deletion's tombstone, as `forgetDevice` wrote it to the cache.
const readPageSql = `SELECT s.vendor_id, s.device_id, s.revision, s.state, s.reported_at, s.updated_at,
    coalesce(s.revision = e.deleted_revision, false) AS deleted
  FROM state_workers.device_state s
  LEFT JOIN state_workers.device_epochs e ON e.vendor_id = s.vendor_id AND e.device_id = s.device_id
  WHERE (s.vendor_id, s.device_id) > ($1, $2)
  ORDER BY s.vendor_id, s.device_id
  LIMIT $3`;

/** `DeviceStateStore.readCurrentStates` on PostgreSQL (state_workers.device_state). */
export async function readCurrentStates(
  pool: SqlQueryable,
  after: DeviceRef | undefined,
  limit: number,
): Promise<CurrentDeviceState[]> {
  // Ids are never empty (contracts' idPattern), so ('', '') comes before every device.
  const { vendorId, deviceId } = after ?? { vendorId: '', deviceId: '' };
  let rows: CurrentStateRow[];
  try {
    rows = (await pool.query<CurrentStateRow>(readPageSql, [vendorId, deviceId, limit])).rows;
  } catch (error) {
    throw translatePostgresError(error);
  }
  return rows.map((row): CurrentDeviceState => {
    const device = { vendorId: row.vendor_id, deviceId: row.device_id };
    const revision = Number(row.revision);
    if (row.deleted) return { deleted: true, device, revision };
    const stored = {
      ...device,
      revision,
      state: row.state,
      reportedAt: Number(row.reported_at),
      storedAt: row.updated_at.getTime(),
    };
    return { deleted: false, stored };
  });
}
