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
  let pending: BatchEntry<Item, Result>[] = [];
  let cancelScheduledFlush: (() => void) | undefined;

  const flush = (): void => {
    cancelScheduledFlush?.();
    cancelScheduledFlush = undefined;
    const batch = pending;
    pending = [];
    void settleBatch(batch, options);
  };

  const scheduleFlush = (): (() => void) => {
    if (lingerMs > 0) {
      const timeout = setTimeout(flush, lingerMs);
      return () => {
        clearTimeout(timeout);
      };
    }
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
