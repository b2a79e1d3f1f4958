import type { DeviceRegistry, RegisteredDevice } from './device-registry';

/** How long answers are kept, and how many. */
export interface DeviceRegistryCacheOptions {
  /** How long a found device is remembered (0: not at all). */
  readonly knownTtlMs: number;
  /** How long an unknown device is remembered (0: not at all); short, so a new device is soon accepted. */
  readonly unknownTtlMs: number;
  /** Devices remembered at most; the least recently used one is forgotten first. */
  readonly maxEntries: number;
  /** Epoch milliseconds; for tests. */
  readonly now?: () => number;
}

interface Entry {
  readonly device: RegisteredDevice | undefined;
  readonly expiresAt: number;
}

/**
 * The registry behind a bounded cache of its answers (positive and negative, each with its own TTL). Failed
 * lookups are not remembered; concurrent lookups of one device share one request.
 */
export function createCachedDeviceRegistry(
  registry: DeviceRegistry,
  options: DeviceRegistryCacheOptions,
): DeviceRegistry {
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used entry first.
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<RegisteredDevice | undefined>>();

  const remember = (deviceId: string, device: RegisteredDevice | undefined): void => {
    const ttlMs = device === undefined ? options.unknownTtlMs : options.knownTtlMs;
    if (ttlMs <= 0) return;
    entries.delete(deviceId);
    entries.set(deviceId, { device, expiresAt: now() + ttlMs });
    for (const oldest of entries.keys()) {
      if (entries.size <= options.maxEntries) break;
      entries.delete(oldest);
    }
  };
  const recall = (deviceId: string): Entry | undefined => {
    const entry = entries.get(deviceId);
    if (entry === undefined) return undefined;
    entries.delete(deviceId);
    if (entry.expiresAt <= now()) return undefined;
    entries.set(deviceId, entry);
    return entry;
  };

  return {
    findDevice(deviceId) {
      const entry = recall(deviceId);
      if (entry !== undefined) return Promise.resolve(entry.device);
      let lookup = pending.get(deviceId);
      if (lookup === undefined) {
        lookup = registry
          .findDevice(deviceId)
          .then((device) => {
            remember(deviceId, device);
            return device;
          })
          .finally(() => pending.delete(deviceId));
        pending.set(deviceId, lookup);
      }
      return lookup;
    },
  };
}
