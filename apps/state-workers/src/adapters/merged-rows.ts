import type { DeviceRef, StoredOrderKeys } from '../domain/ports';

/** An order key as device_state stores it: [epoch, seq, ts, receivedAt] (migrations/006). */
export type StoredOrderKey = readonly number[];

/**
 * A device's row of `device_state` as this replica last merged it, or as another replica's cached copy gave
 * it (rows whose `newest_key` is NULL are not kept).
 */
export interface MergedRow extends StoredOrderKeys {
  readonly revision: number;
  readonly state: Readonly<Record<string, unknown>>;
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

/** The rows the replicas merged last, where every replica reads them (the cached copy in Redis). */
export interface SharedRows {
  /**
   * Each device's row, when one is there at a revision above the one this replica knows (0: none), in the
   * order asked. Rejects with AppError `unavailable` when the store cannot be reached.
   */
  readNewer(
    devices: readonly { device: DeviceRef; knownRevision: number }[],
  ): Promise<(MergedRow | undefined)[]>;
}
