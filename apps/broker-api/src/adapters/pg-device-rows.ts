import { createCallBatcher, queryRows } from '@homeport/storage';
import type { Device } from '../domain/registry';
import type { Pool } from './postgres';

/** A row of `broker_api.devices` as the registry reads it. */
export interface DeviceRow {
  id: string;
  vendor_id: string;
  product_id: string;
  name: string | null;
  owner_id: string | null;
  history_since: Date | null;
  online: boolean;
  last_seen_at: Date | null;
  created_at: Date;
}

/** The columns of a DeviceRow. */
export const deviceColumns =
  'id, vendor_id, product_id, name, owner_id, history_since, online, last_seen_at, created_at';
/** A device of its row. */
export const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  vendorId: row.vendor_id,
  productId: row.product_id,
  name: row.name,
  ownerId: row.owner_id,
  historySince: row.history_since,
  online: row.online,
  lastSeenAt: row.last_seen_at,
  createdAt: row.created_at,
});

// Device ids per query of `createDeviceRead` (a reconnect storm's reads of one turn).
const deviceReadBatch = 500;

/**
 * Reads a device by id; the reads of one event-loop turn go as one query (`WHERE id = ANY($1)`). In a
 * reconnect storm public-api reads the device of each presence event it cannot answer from its cache
 * (`GET /devices/:deviceId`, about one a device): one query a request was a pool round trip each, behind
 * the CONNECTs' own work (tools/bench/README.md, "CONNECTs per second").
 */
export function createDeviceRead(pool: Pool): (id: string) => Promise<Device | undefined> {
  return createCallBatcher<string, Device | undefined>({
    maxItems: deviceReadBatch,
    run: async (ids) => {
      const rows = await queryRows<DeviceRow>(
        pool,
        `SELECT ${deviceColumns} FROM broker_api.devices WHERE id = ANY($1::text[])`,
        [ids],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row && toDevice(row);
      });
    },
  });
}
