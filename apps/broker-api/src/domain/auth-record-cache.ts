import type { DeviceAuthRecord } from './credentials';

/** A small TTL cache of devices' auth records, so a reconnect storm does not become a database storm. */
export interface AuthRecordCache {
  /** The record (cached when found and younger than the TTL), or undefined when the device does not exist. */
  get(deviceId: string): Promise<DeviceAuthRecord | undefined>;
  /** Forgets the device, so the next CONNECT reads the database. */
  invalidate(deviceId: string): void;
}

/** Settings of `createAuthRecordCache`. */
export interface AuthRecordCacheOptions {
  readonly load: (deviceId: string) => Promise<DeviceAuthRecord | undefined>;
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

/**
 * Caches only records with an active credential: a device that was just given its first credential is
 * never refused from a stale "no credential" entry. Revocations are handled by `invalidate` (this replica at
 * once, the others from their revocation sweep); the TTL bounds anything missed.
 */
export function createAuthRecordCache(options: AuthRecordCacheOptions): AuthRecordCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { record: DeviceAuthRecord; expiresAtMs: number }>();
  return {
    async get(deviceId) {
      const entry = entries.get(deviceId);
      if (entry !== undefined && entry.expiresAtMs > now()) return entry.record;
      entries.delete(deviceId);
      const record = await options.load(deviceId);
      if (record !== undefined && record.credentials.length > 0) {
        if (entries.size >= options.maxEntries) {
          // Maps iterate in insertion order: drop the oldest entry.
          const oldest = entries.keys().next();
          if (oldest.done !== true) entries.delete(oldest.value);
        }
        entries.set(deviceId, { record, expiresAtMs: now() + options.ttlMs });
      }
      return record;
    },
    invalidate(deviceId) {
      entries.delete(deviceId);
    },
  };
}
