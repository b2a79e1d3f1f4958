import { buildDeviceStateCacheKey } from '@homeport/contracts';
import type { DeviceStateCache, StoredDeviceState } from '../domain/ports';

/** The device state cache of one process, with the reading side public-api uses in the embedded mode. */
export interface InMemoryDeviceStateCache extends DeviceStateCache {
  /** The highest revision written for the device, or undefined when none was. */
  read(vendorId: string, deviceId: string): StoredDeviceState | undefined;
}

/**
 * The cached current state in a Map, for the embedded single-process mode (no Redis): the same rule as
 * the Redis cache's script, a revision is stored only when it is higher than the stored one. Entries are
 * copies taken on write, so a writer changing its object afterwards cannot change the cache (as with
 * Redis); readers get the stored entry, read-only by its type. No expiry.
 */
export function createInMemoryDeviceStateCache(): InMemoryDeviceStateCache {
  // Keyed like Redis: ids never contain ':', so the key is unambiguous.
  const states = new Map<string, StoredDeviceState>();
  return {
    write(stored) {
      const key = buildDeviceStateCacheKey(stored.vendorId, stored.deviceId);
      const current = states.get(key);
      if (current !== undefined && current.revision >= stored.revision) return Promise.resolve(false);
      states.set(key, copyState(stored));
      return Promise.resolve(true);
    },
    read(vendorId, deviceId) {
      return states.get(buildDeviceStateCacheKey(vendorId, deviceId));
    },
  };
}

/** The fields the Redis cache stores (its document), the state deeply copied. */
function copyState(stored: StoredDeviceState): StoredDeviceState {
  return {
    vendorId: stored.vendorId,
    deviceId: stored.deviceId,
    revision: stored.revision,
    state: structuredClone(stored.state),
    reportedAt: stored.reportedAt,
    storedAt: stored.storedAt,
  };
}
