import { settleBatch, type BatchEntry, type BatchIsolationOptions } from './batch-isolation';

/**
 * How a call batcher runs its batches. A batch that fails with an error `isBatchError` does not accept
 * (default: any but AppError `unavailable`) is split until only the failing items fail (batch-isolation.ts).
 */
export interface CallBatcherOptions<Item, Result> extends BatchIsolationOptions<Item, Result> {
  /** A batch is sent at once when it holds this many items. */
  readonly maxItems: number;
  /**
   * How long a batch waits for more calls after its first one. Default 0: it goes at the end of the
   * event-loop turn.
   */
  readonly lingerMs?: number;
  /**
   * An adaptive wait instead of a fixed one: while fewer than this many batches are being run, a batch goes
   * at the end of its event-loop turn; otherwise it waits for one of them to end (then goes at once), to be
   * full, or `lingerMs` at most. A lone call at low load waits for nothing, and batches grow with the load
   * (calls pile up while the store works). Default: none (every batch waits `lingerMs`).
   */
  readonly maxInFlight?: number;
}

/**
 * Coalesces the calls made in one event-loop turn (a consumer's prefetch window handled side by side), or
 * within `lingerMs` of the first, into one batch, so a store makes one round trip and one transaction for
 * many messages; every caller gets its own result or error, and one bad item never fails the others.
 */
export function createCallBatcher<Item, Result>(
  options: CallBatcherOptions<Item, Result>,
): (item: Item) => Promise<Result> {
  const lingerMs = options.lingerMs ?? 0;
  const maxInFlight = options.maxInFlight ?? Infinity;
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
      if (options.maxInFlight !== undefined && pending.length > 0) flush();
    });
  };

  const scheduleFlush = (): (() => void) => {
    const isBusy = inFlight >= maxInFlight;
    if (lingerMs > 0 && (options.maxInFlight === undefined || isBusy)) {
      const timeout = setTimeout(flush, lingerMs);
      return () => {
        clearTimeout(timeout);
      };
    }
    if (isBusy) return () => undefined;
    const immediate = setImmediate(flush);
    return () => {
      clearImmediate(immediate);
    };
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length >= options.maxItems) flush();
      else cancelScheduledFlush ??= scheduleFlush();
    });
}
