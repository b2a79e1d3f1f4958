import { buildDeviceStateCacheKey } from '@homeport/contracts';
import type { DeviceStateCache, StoredDeviceState } from '../domain/ports';

/** The device state cache of one process, with the reading side public-api uses in the embedded mode. */
export interface InMemoryDeviceStateCache extends DeviceStateCache {
  /** The highest revision written for the device, or undefined when none was (or it was deleted). */
  read(vendorId: string, deviceId: string): StoredDeviceState | undefined;
}

/** A cached revision: a state, or a deleted device's tombstone (no state). */
interface Entry {
  readonly revision: number;
  readonly stored?: StoredDeviceState;
}

/**
 * The cached current state in a Map, for the embedded single-process mode (no Redis): the same rule as
 * the Redis cache's script, a revision is stored only when it is higher than the stored one. Entries are
 * copies taken on write, so a writer changing its object afterwards cannot change the cache (as with
 * Redis); readers get the stored entry, read-only by its type. No expiry. It starts empty with the process,
 * unfilled until a refill completes; no lease: its one process refills it once at a time.
 */
export function createInMemoryDeviceStateCache(): InMemoryDeviceStateCache {
  // Keyed like Redis: ids never contain ':', so the key is unambiguous.
  const entries = new Map<string, Entry>();
  let isFilled = false;
  const replace = (key: string, entry: Entry): boolean => {
    const current = entries.get(key);
    if (current !== undefined && current.revision >= entry.revision) return false;
    entries.set(key, entry);
    return true;
  };
  return {
    write(stored) {
      const key = buildDeviceStateCacheKey(stored.vendorId, stored.deviceId);
      return Promise.resolve(replace(key, { revision: stored.revision, stored: copyState(stored) }));
    },
    forget({ vendorId, deviceId }, revision) {
      return Promise.resolve(replace(buildDeviceStateCacheKey(vendorId, deviceId), { revision }));
    },
    claimRefill: () => Promise.resolve(!isFilled),
    renewRefill: () => Promise.resolve(!isFilled),
    markFilled() {
      isFilled = true;
      return Promise.resolve(true);
    },
    releaseRefill: () => Promise.resolve(),
    read(vendorId, deviceId) {
      return entries.get(buildDeviceStateCacheKey(vendorId, deviceId))?.stored;
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
    ...(stored.seq === undefined ? {} : { seq: stored.seq }),
    reportedAt: stored.reportedAt,
    storedAt: stored.storedAt,
  };
}
