import { AppError } from '@homeport/errors';
import { firstRow, queryRows } from '@homeport/storage';
import type { DesiredShadow, ShadowRepository } from '../domain/shadow';
import type { StateProperties } from '../domain/state-document';
import type { DeviceChangeOutbox } from './pg-device-change-outbox';
import { type Pool, type Queryable } from './postgres';

interface ShadowRow {
  device_id: string;
  vendor_id: string;
  created_at: Date;
  desired: StateProperties | null;
  desired_version: number | null;
  desired_updated_at: Date | null;
}

const shadowColumns = `d.id AS device_id, d.vendor_id, d.created_at, s.desired, s.desired_version,
  s.desired_updated_at`;
// A device without a shadow row yet has an empty shadow (the LEFT JOIN gives nulls).
const selectShadow = `SELECT ${shadowColumns}
  FROM broker_api.devices d LEFT JOIN broker_api.device_shadows s ON s.device_id = d.id WHERE d.id = $1`;
const selectShadowForUpdate = `SELECT ${shadowColumns}
  FROM broker_api.devices d JOIN broker_api.device_shadows s ON s.device_id = d.id WHERE d.id = $1
  FOR UPDATE OF s`;

function toShadow(row: ShadowRow): DesiredShadow {
  return {
    deviceId: row.device_id,
    vendorId: row.vendor_id,
    createdAt: row.created_at,
    desired: {
      version: row.desired_version ?? 0,
      state: row.desired ?? {},
      updatedAt: row.desired_updated_at,
    },
  };
}

async function findShadow(
  db: Queryable,
  deviceId: string,
  forUpdate = false,
): Promise<DesiredShadow | undefined> {
  const rows = await queryRows<ShadowRow>(db, forUpdate ? selectShadowForUpdate : selectShadow, [deviceId]);
  return rows[0] && toShadow(rows[0]);
}

/** The desired side of device shadows in PostgreSQL. */
export function createPgShadowRepository(pool: Pool, outbox: DeviceChangeOutbox): ShadowRepository {
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
  };
}
