import {
  chooseBatchDispatch,
  chooseSpacingMs,
  remainingSpacingMs,
  type BatchLoad,
  type SpacingGrowth,
} from './batch-dispatch';
import { settleBatch, type BatchEntry, type BatchIsolationOptions } from './batch-isolation';
import { createItemRate } from './item-rate';

/**
 * How a call batcher runs its batches. A batch that fails with an error `isBatchError` does not accept
 * (default: any but AppError `unavailable`) is split until only the failing items fail (batch-isolation.ts).
 */
export interface CallBatcherOptions<Item, Result> extends BatchIsolationOptions<Item, Result> {
  /** A batch is sent at once when it holds this many items (or this size, with `sizeOf`). */
  readonly maxItems: number;
  /** The size an item adds to its batch (default 1: `maxItems` counts items). */
  readonly sizeOf?: (item: Item) => number;
  /**
   * Batches run at once. While fewer run, a batch goes at the end of its event-loop turn; otherwise its calls
   * pile up until one of them ends (then it goes at once), it is full, or `maxWaitMs` passed (batch-dispatch.ts).
   * Default: no bound, every batch goes at the end of its turn.
   */
  readonly maxInFlight?: number;
  /** The longest a batch waits for a slot while `maxInFlight` batches run. Default: until one ends. */
  readonly maxWaitMs?: number;
  /**
   * Least time between the starts of two batches that are not full (default 0): a batch with a free slot
   * waits for the rest of it. A call after a quiet spell goes at the end of its turn; under load the store
   * gets at most one batch per spacing and slot (batch-dispatch.ts).
   */
  readonly minSpacingMs?: number;
  /**
   * A spacing that grows with the rate of items (of sizes, with `sizeOf`) above a given one, up to a bound
   * (`chooseSpacingMs`; the rate measured over the last quarter second or so). Default: `minSpacingMs` always.
   */
  readonly spacingGrowth?: SpacingGrowth;
}

// Long enough to span the bursts a consumer's deliveries come in, short enough to follow a change of load.
const rateWindowMs = 250;

/** A batcher's calls, and its end. */
export interface Batcher<Item, Result> {
  /** Adds an item to the batch being filled; settles with the item's own result or error. */
  readonly add: (item: Item) => Promise<Result>;
  /** Sends what is pending now and resolves once every batch has settled. */
  close(): Promise<void>;
}

/**
 * Coalesces the calls made in one event-loop turn (a consumer's prefetch window handled side by side), or
 * while a store is busy, into one batch, so a store makes one round trip and one transaction for many
 * messages; every caller gets its own result or error, and one bad item never fails the others.
 */
export function createBatcher<Item, Result>(
  options: CallBatcherOptions<Item, Result>,
): Batcher<Item, Result> {
  const { maxWaitMs, sizeOf } = options;
  const maxInFlight = options.maxInFlight ?? Infinity;
  let pending: BatchEntry<Item, Result>[] = [];
  let pendingSize = 0;
  let cancelScheduledFlush: (() => void) | undefined;
  let lastStartMs = -Infinity;
  const rate = createItemRate(rateWindowMs);
  const inFlight = new Set<Promise<void>>();

  const readLoad = (): BatchLoad => ({
    pendingSize,
    maxSize: options.maxItems,
    inFlight: inFlight.size,
    maxInFlight,
    msSinceLastStart: performance.now() - lastStartMs,
    minSpacingMs: chooseSpacingMs({
      minSpacingMs: options.minSpacingMs ?? 0,
      growth: options.spacingGrowth,
      itemsPerSecond: rate.perSecond,
    }),
  });

  const flush = (): void => {
    cancelScheduledFlush?.();
    cancelScheduledFlush = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    lastStartMs = performance.now();
    rate.count(pendingSize, lastStartMs);
    pending = [];
    pendingSize = 0;
    const work = settleBatch(batch, options).finally(() => {
      inFlight.delete(work);
      // What piled up while every slot was busy goes now, or once the spacing has passed.
      if (pending.length > 0) reschedule({ slotFreed: true });
    });
    inFlight.add(work);
  };

  const schedule = (slotFreed: boolean): (() => void) => {
    const load = readLoad();
    const dispatch = chooseBatchDispatch(load);
    // Calls that waited for a slot have had their turn already.
    if (dispatch === 'now' || (dispatch === 'end-of-turn' && slotFreed)) {
      flush();
      return () => undefined;
    }
    if (dispatch === 'end-of-turn') {
      const immediate = setImmediate(flush);
      return () => {
        clearImmediate(immediate);
      };
    }
    const waitMs = dispatch === 'after-spacing' ? remainingSpacingMs(load) : maxWaitMs;
    if (waitMs === undefined) return () => undefined;
    const timeout = setTimeout(flush, waitMs);
    return () => {
      clearTimeout(timeout);
    };
  };

  const reschedule = ({ slotFreed }: { slotFreed: boolean }): void => {
    cancelScheduledFlush?.();
    cancelScheduledFlush = undefined;
    const cancel = schedule(slotFreed);
    if (pending.length > 0) cancelScheduledFlush = cancel;
  };

  return {
    add: (item) =>
      new Promise<Result>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        pendingSize += sizeOf === undefined ? 1 : sizeOf(item);
        if (pendingSize >= options.maxItems) flush();
        else if (cancelScheduledFlush === undefined) reschedule({ slotFreed: false });
      }),
    async close() {
      flush();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** `createBatcher` for callers that only make calls: the function that adds an item. */
export function createCallBatcher<Item, Result>(
  options: CallBatcherOptions<Item, Result>,
): (item: Item) => Promise<Result> {
  return createBatcher(options).add;
}
