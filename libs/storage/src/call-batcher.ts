import { chooseBatchDispatch } from './batch-dispatch';
import { settleBatch, type BatchEntry, type BatchIsolationOptions } from './batch-isolation';

/**
 * How a call batcher runs its batches. A batch that fails with an error `isBatchError` does not accept
 * (default: any but AppError `unavailable`) is split until only the failing items fail (batch-isolation.ts).
 */
export interface CallBatcherOptions<Item, Result> extends BatchIsolationOptions<Item, Result> {
  /** A batch is sent at once when it holds this many items. */
  readonly maxItems: number;
  /**
   * Batches run at once. While fewer run, a batch goes at the end of its event-loop turn; otherwise its calls
   * pile up until one of them ends (then it goes at once), it is full, or `maxWaitMs` passed (batch-dispatch.ts).
   * Default: no bound, every batch goes at the end of its turn.
   */
  readonly maxInFlight?: number;
  /** The longest a batch waits for a slot while `maxInFlight` batches run. Default: until one ends. */
  readonly maxWaitMs?: number;
}

/**
 * Coalesces the calls made in one event-loop turn (a consumer's prefetch window handled side by side), or
 * while every slot is busy, into one batch, so a store makes one round trip and one transaction for many
 * messages; every caller gets its own result or error, and one bad item never fails the others.
 */
export function createCallBatcher<Item, Result>(
  options: CallBatcherOptions<Item, Result>,
): (item: Item) => Promise<Result> {
  const maxInFlight = options.maxInFlight ?? Infinity;
  const { maxWaitMs } = options;
  let pending: BatchEntry<Item, Result>[] = [];
  let cancelScheduledFlush: (() => void) | undefined;
  let inFlight = 0;

  const flush = (): void => {
    cancelScheduledFlush?.();
    cancelScheduledFlush = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    inFlight += 1;
    void settleBatch(batch, options).finally(() => {
      inFlight -= 1;
      // What piled up while every slot was busy goes now.
      if (pending.length > 0) flush();
    });
  };

  const scheduleFlush = (waitForSlot: boolean): (() => void) => {
    if (!waitForSlot) {
      const immediate = setImmediate(flush);
      return () => {
        clearImmediate(immediate);
      };
    }
    if (maxWaitMs === undefined) return () => undefined;
    const timeout = setTimeout(flush, maxWaitMs);
    return () => {
      clearTimeout(timeout);
    };
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      const load = { pendingSize: pending.length, maxSize: options.maxItems, inFlight, maxInFlight };
      const dispatch = chooseBatchDispatch(load);
      if (dispatch === 'now') flush();
      else cancelScheduledFlush ??= scheduleFlush(dispatch === 'when-a-slot-frees');
    });
}
