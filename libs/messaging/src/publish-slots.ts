import type { PublishStats } from './message-bus';

/** A bounded set of publish slots: callers beyond `max` wait in FIFO order instead of buffering. */
export interface PublishSlots {
  /** Runs `publish` once a slot is free and holds the slot until it settles. */
  run<T>(publish: () => Promise<T>): Promise<T>;
  /** Resolves when no publish holds or waits for a slot. */
  whenIdle(): Promise<void>;
  getStats(): PublishStats;
}

/** Creates the slots; a slot is taken synchronously when one is free, so stats are exact right after a call. */
export function createPublishSlots(max: number): PublishSlots {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxInFlight must be >= 1, got ${max}`);
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];

  const acquire = (): Promise<void> | undefined => {
    if (inFlight < max) {
      inFlight += 1;
      return undefined;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) {
      next(); // the slot passes straight to the next waiter
      return;
    }
    inFlight -= 1;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  return {
    async run(publish) {
      const pending = acquire();
      if (pending !== undefined) await pending;
      try {
        return await publish();
      } finally {
        release();
      }
    },
    whenIdle: () =>
      inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
    getStats: () => ({ inFlight, waiting: waiting.length }),
  };
}
