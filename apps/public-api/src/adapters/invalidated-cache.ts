import { LRUCache } from 'lru-cache';
import type { Invalidations } from './invalidations';

/** How much a replica caches of a kind of fact, and for how long at most (0: nothing is cached). */
export interface CacheLimits {
  readonly maxEntries: number;
  readonly maxAgeMs: number;
}

/** A load in flight: made stale by an invalidation of its key that arrived before it ended. */
interface Load {
  stale: boolean;
  /** What it will read (with `shareLoads`: callers asking meanwhile wait for it rather than read again). */
  readonly value?: Promise<unknown>;
}

/**
 * A per-replica cache of facts read elsewhere (PostgreSQL, broker-api), dropped when an invalidation names
 * them. A value read while an invalidation of its key arrived is answered but not kept (it may predate the
 * change that the invalidation announced), and nothing is used or kept while the invalidations are not
 * listened to. `maxAgeMs` bounds what a lost invalidation could leave behind.
 */
export function createInvalidatedCache<V extends object>(
  invalidations: Invalidations,
  limits: CacheLimits,
  options: {
    /** False for a loaded value known to be older than an announced change (answered, not kept). */
    readonly isKeepable?: (key: string, value: V) => boolean;
    /**
     * A caller missing a key that is being loaded, and not made stale since, gets that load's value instead
     * of reading again (as if both had read at once): a burst of events of one device costs one read. Only
     * for loads without side effects of their own: the waiting caller's `load` is not called.
     */
    readonly shareLoads?: boolean;
  } = {},
) {
  const { isKeepable = () => true, shareLoads = false } = options;
  const entries =
    limits.maxAgeMs > 0
      ? new LRUCache<string, V>({ max: limits.maxEntries, ttl: limits.maxAgeMs })
      : undefined;
  // Per key, so that a busy stream of invalidations of other keys does not keep a load from being kept.
  const loads = new Map<string, Set<Load>>();
  const makeStale = (key: string) => {
    for (const load of loads.get(key) ?? []) load.stale = true;
  };
  const makeAllStale = () => {
    for (const key of loads.keys()) makeStale(key);
  };
  async function loadTracked<Loaded extends V | undefined>(key: string, load: () => Promise<Loaded>) {
    const tracked: Load = { stale: false, value: load() };
    const ofKey = loads.get(key) ?? new Set<Load>();
    loads.set(key, ofKey.add(tracked));
    try {
      return { value: (await tracked.value) as Loaded, stale: () => tracked.stale };
    } finally {
      ofKey.delete(tracked);
      if (ofKey.size === 0 && loads.get(key) === ofKey) loads.delete(key);
    }
  }
  return {
    /** The cached value of `key`, or the one `load` reads (undefined: none, and nothing is kept). */
    async get<Loaded extends V | undefined>(key: string, load: () => Promise<Loaded>): Promise<V | Loaded> {
      if (entries === undefined || !invalidations.isListening()) return load();
      const cached = entries.get(key);
      if (cached !== undefined) return cached;
      const shared = shareLoads ? [...(loads.get(key) ?? [])].find((load) => !load.stale) : undefined;
      if (shared !== undefined) return (await shared.value) as V | Loaded;
      const { value, stale } = await loadTracked(key, load);
      const keep = value !== undefined && !stale() && invalidations.isListening();
      if (keep && isKeepable(key, value)) entries.set(key, value);
      return value;
    },
    drop: (key: string): void => {
      makeStale(key);
      entries?.delete(key);
    },
    dropWhere: (isStale: (value: V) => boolean): void => {
      // The values being loaded are not known yet: none of them is kept.
      makeAllStale();
      if (entries === undefined) return;
      for (const [key, value] of entries.entries()) if (isStale(value)) entries.delete(key);
    },
    dropAll: (): void => {
      makeAllStale();
      entries?.clear();
    },
  };
}

/** The one fact an absence cache keeps: the key's list was empty. */
const nothing = { empty: true } as const;

/**
 * Per replica, the keys whose list was empty when last read (no endpoint, no link): only the absence is
 * kept, for facts where what makes the list shorter can never make a kept absence wrong, and what can make
 * it longer invalidates the key (or all keys).
 */
export function createAbsenceCache(invalidations: Invalidations, limits: CacheLimits) {
  const absent = createInvalidatedCache<typeof nothing>(invalidations, limits);
  return {
    /** The list `load` reads; an empty one, without calling it, for a key known to have none. */
    async listUnlessAbsent<T>(key: string, load: () => Promise<T[]>): Promise<T[]> {
      let loaded: T[] = [];
      await absent.get(key, async () => {
        loaded = await load();
        return loaded.length === 0 ? nothing : undefined;
      });
      return loaded;
    },
    drop: absent.drop,
    dropAll: absent.dropAll,
  };
}
