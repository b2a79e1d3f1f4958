import type { DeviceInfo } from './alert-rule';
import type { DeviceDirectory } from './ports';

/** The device lookups of the evaluator, kept for a while: one registry call per device, not per event. */
export interface CachedDevices {
  /** The device, from memory when looked up less than `ttlMs` ago; undefined when the registry has none. */
  find(deviceId: string): Promise<DeviceInfo | undefined>;
  forget(deviceId: string): void;
}

/**
 * Caches `directory.findDevice` for `ttlMs`, or until `forget` (device.changed: a claim or move reaches the
 * rules at once), the absent ones too, and shares one call among the events that wait for the same device.
 */
export function createCachedDevices(
  directory: DeviceDirectory,
  options: { readonly ttlMs: number; readonly maxEntries: number; readonly now: () => number },
): CachedDevices {
  const entries = new Map<
    string,
    { readonly device: DeviceInfo | undefined; readonly expiresAtMs: number }
  >();
  const inFlight = new Map<string, Promise<DeviceInfo | undefined>>();
  const lookUp = async (deviceId: string) => {
    try {
      const device = await directory.findDevice(deviceId);
      // Map order is insertion order: the oldest entry goes first when the cache is full.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value ?? '');
      entries.set(deviceId, { device, expiresAtMs: options.now() + options.ttlMs });
      return device;
    } finally {
      inFlight.delete(deviceId);
    }
  };
  return {
    find(deviceId) {
      const entry = entries.get(deviceId);
      if (entry !== undefined && entry.expiresAtMs > options.now()) return Promise.resolve(entry.device);
      let pending = inFlight.get(deviceId);
      if (pending === undefined) {
        pending = lookUp(deviceId);
        inFlight.set(deviceId, pending);
      }
      return pending;
    },
    forget(deviceId) {
      entries.delete(deviceId);
    },
  };
}
