import type { DeviceRef } from '../domain/ports';

/** An order key as device_state stores it: [epoch, seq, ts, receivedAt] (migrations/006). */
export type StoredOrderKey = readonly number[];

/** A device's row of `device_state` as this replica last merged or read it. */
export interface MergedRow {
  readonly revision: number;
  readonly state: Readonly<Record<string, unknown>>;
  /** The order keys of the properties whose key is not `newestKey` (migrations/009). */
  readonly versions: Readonly<Record<string, StoredOrderKey>>;
  /** The greatest order key merged into the row (rows whose `newest_key` is NULL are not kept). */
  readonly newestKey: StoredOrderKey;
  /** Device time of the newest report merged, epoch ms. */
  readonly reportedAt: number;
}

/**
 * The rows a replica merged last, for the devices it merged most recently (at most `maxDevices`). A row is
 * only a guess: the statement that merges above it checks the stored row is still this one.
 */
export interface MergedRows {
  get(device: DeviceRef): MergedRow | undefined;
  /** Keeps the row unless a later revision of it is kept. */
  set(device: DeviceRef, row: MergedRow): void;
  delete(device: DeviceRef): void;
}

/** Merged rows in memory, the least recently merged device forgotten first beyond `maxDevices`. */
export function createMergedRows(maxDevices: number): MergedRows {
  const rows = new Map<string, MergedRow>();
  return {
    get: (device) => rows.get(deviceKeyOf(device)),
    set(device, row) {
      const key = deviceKeyOf(device);
      if (maxDevices === 0 || (rows.get(key)?.revision ?? 0) > row.revision) return;
      // Deleted first so that the device moves to the end of the Map's order, the most recent.
      rows.delete(key);
      rows.set(key, row);
      if (rows.size > maxDevices) rows.delete(rows.keys().next().value as string);
    },
    delete: (device) => void rows.delete(deviceKeyOf(device)),
  };
}

/** One string per device: ids never hold a ':' (contracts' idPattern). */
export function deviceKeyOf({ vendorId, deviceId }: DeviceRef): string {
  return `${vendorId}:${deviceId}`;
}
