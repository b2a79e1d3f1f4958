import { LRUCache } from 'lru-cache';
import type { Invalidations } from './invalidations';

/** How much a replica caches of a kind of fact, and for how long at most (0: nothing is cached). */
export interface CacheLimits {
  readonly maxEntries: number;
  readonly maxAgeMs: number;
}

/**
 * A per-replica cache of facts read from PostgreSQL, dropped when an invalidation names them. A value read
 * while any invalidation arrived is answered but not kept (it may predate the change that the invalidation
 * announced), and nothing is used or kept while the invalidations are not listened to. `maxAgeMs` bounds
 * what a lost invalidation could leave behind.
 */
export function createInvalidatedCache<V extends object>(invalidations: Invalidations, limits: CacheLimits) {
  const entries =
    limits.maxAgeMs > 0
      ? new LRUCache<string, V>({ max: limits.maxEntries, ttl: limits.maxAgeMs })
      : undefined;
  // Moves at every invalidation: a load that saw it move keeps nothing.
  let epoch = 0;
  return {
    /** The cached value of `key`, or the one `load` reads (undefined: none, and nothing is kept). */
    async get<Loaded extends V | undefined>(key: string, load: () => Promise<Loaded>): Promise<V | Loaded> {
      if (entries === undefined || !invalidations.isListening()) return load();
      const cached = entries.get(key);
      if (cached !== undefined) return cached;
      const before = epoch;
      const value = await load();
      if (value !== undefined && epoch === before && invalidations.isListening()) entries.set(key, value);
      return value;
    },
    drop: (key: string): void => {
      epoch += 1;
      entries?.delete(key);
    },
    dropWhere: (isStale: (value: V) => boolean): void => {
      epoch += 1;
      if (entries === undefined) return;
      for (const [key, value] of entries.entries()) if (isStale(value)) entries.delete(key);
    },
    dropAll: (): void => {
      epoch += 1;
      entries?.clear();
    },
  };
}
