import type { CurrentDeviceState, DeviceRef, DeviceStateCache, DeviceStateStore } from './ports';

/**
 * How a refill ended: `skipped` (the cache is filled, or another holder refills it), `completed` (every
 * device written, the cache marked filled) or `interrupted` (stopped between pages: the process stops, or
 * the claim was lost because the cache lost its data again or the lease expired).
 */
export type RefillOutcome = 'skipped' | 'completed' | 'interrupted';

/**
 * Refills the cache from the store, page by page in (vendor, device) order, when it is not filled and
 * `holderId` can claim the refill (for `leaseMs`, renewed after each page). Each device goes through the
 * cache's own rule, so a refill never replaces a newer revision (a report merged meanwhile) nor a
 * tombstone: a deleted device is written as a tombstone, not as a state. A failing refill lets the claim go
 * and rethrows; the pages written stay (the next refill writes them again, changing nothing).
 */
export function createRefillDeviceStateCache(deps: {
  readonly store: DeviceStateStore;
  readonly cache: DeviceStateCache;
  readonly leaseMs: number;
  readonly pageRows: number;
  /** Told how many devices of each page the cache stored (not those it held at that revision or newer). */
  readonly onPageWritten: (storedRows: number) => void;
}): (holderId: string, signal: AbortSignal) => Promise<RefillOutcome> {
  const { store, cache } = deps;
  const writeDevice = (current: CurrentDeviceState) =>
    current.deleted ? cache.forget(current.device, current.revision) : cache.write(current.stored);
  const copyPages = async (holderId: string, signal: AbortSignal): Promise<boolean> => {
    let after: DeviceRef | undefined;
    for (;;) {
      const page = await store.readCurrentStates(after, deps.pageRows);
      const written = await Promise.all(page.map(writeDevice));
      deps.onPageWritten(written.filter(Boolean).length);
      const last = page.at(-1);
      if (last === undefined || page.length < deps.pageRows) return true;
      after = last.deleted ? last.device : last.stored;
      if (signal.aborted || !(await cache.renewRefill(holderId, deps.leaseMs))) return false;
    }
  };
  return async (holderId, signal) => {
    if (!(await cache.claimRefill(holderId, deps.leaseMs))) return 'skipped';
    let isCopied: boolean;
    try {
      isCopied = await copyPages(holderId, signal);
    } catch (error) {
      await cache.releaseRefill(holderId).catch(() => undefined);
      throw error;
    }
    if (isCopied && (await cache.markFilled(holderId))) return 'completed';
    await cache.releaseRefill(holderId);
    return 'interrupted';
  };
}
