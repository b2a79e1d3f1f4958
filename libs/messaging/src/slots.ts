/** How many run and how many wait, for metrics and tests. */
export interface SlotStats {
  readonly inFlight: number;
  readonly waiting: number;
}

/** A bounded set of slots (publishes awaiting a confirm, handlers running): callers beyond `max` wait in FIFO order. */
export interface Slots {
  /** Runs `work` once a slot is free and holds the slot until it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves when no work holds or waits for a slot. */
  whenIdle(): Promise<void>;
  getStats(): SlotStats;
}

/** Creates the slots; a slot is taken synchronously when one is free, so stats are exact right after a call. */
export function createSlots(name: string, max: number): Slots {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`${name} must be >= 1, got ${max}`);
  let inFlight = 0;
  // A FIFO with a read index: Array#shift is O(n), and thousands of handlers may wait behind a batch.
  let waiting: (() => void)[] = [];
  let next = 0;
  let idleWaiters: (() => void)[] = [];

  const acquire = (): Promise<void> | undefined => {
    if (inFlight < max) {
      inFlight += 1;
      return undefined;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const takeWaiter = (): (() => void) | undefined => {
    const waiter = waiting[next];
    if (waiter === undefined) return undefined;
    next += 1;
    if (next === waiting.length) {
      waiting = [];
      next = 0;
    }
    return waiter;
  };
  const release = (): void => {
    const waiter = takeWaiter();
    if (waiter !== undefined) {
      waiter(); // the slot passes straight to the next waiter
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
    async run(work) {
      const pending = acquire();
      if (pending !== undefined) await pending;
      try {
        return await work();
      } finally {
        release();
      }
    },
    whenIdle: () =>
      inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
    getStats: () => ({ inFlight, waiting: waiting.length - next }),
  };
}
