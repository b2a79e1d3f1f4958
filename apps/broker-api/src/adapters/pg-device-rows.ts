import type { Device } from '../domain/registry';

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
