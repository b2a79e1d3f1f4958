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
 * An expired entry is still answered while it is looked up again in the background: the devices looked up
 * together (at a start, after a reconnect storm) would otherwise all expire together and hold every event of
 * a thousand devices behind a thousand registry calls at once (the bench's alerts step: lags of over 30 s).
 * A change is not missed for it: device.changed drops the entry, and then the next event waits for the call.
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
  const lookUp = (deviceId: string) => {
    // Only the current lookup of the device writes: `forget` drops one that began before a change.
    const isCurrent = () => inFlight.get(deviceId) === pending;
    const pending: Promise<DeviceInfo | undefined> = (async () => {
      try {
        const device = await directory.findDevice(deviceId);
        if (isCurrent()) {
          // Map order is insertion order: the oldest entry goes first when the cache is full.
          if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value ?? '');
          entries.set(deviceId, { device, expiresAtMs: options.now() + options.ttlMs });
        }
        return device;
      } finally {
        if (isCurrent()) inFlight.delete(deviceId);
      }
    })();
    return pending;
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
      if (entry === undefined) return pending;
      // A failed refresh keeps the old entry; the next event after it tries again.
      pending.catch(() => undefined);
      return Promise.resolve(entry.device);
    },
    forget(deviceId) {
      entries.delete(deviceId);
      // A lookup started before the change must not bring the old record back.
      inFlight.delete(deviceId);
    },
  };
}
