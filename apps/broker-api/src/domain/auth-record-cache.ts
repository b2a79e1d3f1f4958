import type { DeviceAuthRecord } from './credentials';

/** A small TTL cache of devices' auth records, so a reconnect storm does not become a database storm. */
export interface AuthRecordCache {
  /** The record with its active credentials, or undefined when the device does not exist or has none. */
  get(deviceId: string): Promise<DeviceAuthRecord | undefined>;
  /** Forgets the device (found or not), so the next CONNECT reads the database. */
  invalidate(deviceId: string): void;
}

/** Settings of `createAuthRecordCache`. */
export interface AuthRecordCacheOptions {
  readonly load: (deviceId: string) => Promise<DeviceAuthRecord | undefined>;
  /** How long a record with an active credential is used whatever the revocation feed's state. */
  readonly ttlMs: number;
  /**
   * How long it is used while `isRevocationFeedCurrent()` (every revocation but the last few seconds' has
   * reached this cache): beyond `ttlMs`, a reconnecting device costs no query. Default `ttlMs`.
   */
  readonly maxAgeMs?: number;
  readonly isRevocationFeedCurrent?: () => boolean;
  /** How long "no such device / no active credential" is remembered. */
  readonly negativeTtlMs: number;
  /** Bound of each of the two caches (found and not found). */
  readonly maxEntries: number;
  readonly now?: () => number;
}

/** A Map with a TTL per entry that drops its oldest entry past `maxEntries`. */
function createExpiringMap<T>(maxEntries: number, now: () => number) {
  const entries = new Map<string, { value: T; expiresAtMs: number; storedAtMs: number }>();
  return {
    get(key: string): { value: T; storedAtMs: number } | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAtMs > now()) return entry;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: T, ttlMs: number): void {
      entries.delete(key);
      if (entries.size >= maxEntries) {
        // Maps iterate in insertion order: drop the oldest entry.
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, { value, expiresAtMs: now() + ttlMs, storedAtMs: now() });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

/**
 * Caches records with an active credential for `ttlMs`, or up to `maxAgeMs` while the revocation feed is
 * current (a rotation or a revocation on any replica invalidates the device through it), and the absence of one (unknown device, no active
 * credential) for `negativeTtlMs`, so repeated CONNECTs with the same unknown id cost one query per TTL.
 * Concurrent misses for one device share one query. A first credential issued on this replica invalidates
 * at once; one issued through another replica is refused here for at most `negativeTtlMs` (README).
 * Revocations are handled by `invalidate` (this replica at once, the others from their revocation sweep);
 * the TTL bounds anything missed.
 */
export function createAuthRecordCache(options: AuthRecordCacheOptions): AuthRecordCache {
  const now = options.now ?? Date.now;
  const maxAgeMs = Math.max(options.ttlMs, options.maxAgeMs ?? options.ttlMs);
  const isFeedCurrent = options.isRevocationFeedCurrent ?? (() => false);
  const found = createExpiringMap<DeviceAuthRecord>(options.maxEntries, now);
  const absent = createExpiringMap<true>(options.maxEntries, now);
  // A query in flight per device; invalidate drops it, so what it read (maybe revoked) is not cached.
  const loading = new Map<string, Promise<DeviceAuthRecord | undefined>>();

  const load = (deviceId: string): Promise<DeviceAuthRecord | undefined> => {
    const isCurrent = () => loading.get(deviceId) === loaded;
    const loaded = options.load(deviceId).then(
      (record) => {
        const usable = record !== undefined && record.credentials.length > 0 ? record : undefined;
        if (isCurrent()) {
          loading.delete(deviceId);
          if (usable === undefined) absent.set(deviceId, true, options.negativeTtlMs);
          else found.set(deviceId, usable, maxAgeMs);
        }
        return usable;
      },
      (error: unknown) => {
        if (isCurrent()) loading.delete(deviceId);
        throw error;
      },
    );
    loading.set(deviceId, loaded);
    return loaded;
  };

  return {
    async get(deviceId) {
      const cached = found.get(deviceId);
      if (cached !== undefined && (now() - cached.storedAtMs < options.ttlMs || isFeedCurrent())) {
        return cached.value;
      }
      if (absent.get(deviceId) !== undefined) return undefined;
      return loading.get(deviceId) ?? load(deviceId);
    },
    invalidate(deviceId) {
      found.delete(deviceId);
      absent.delete(deviceId);
      loading.delete(deviceId);
    },
  };
}
