/** How a call batcher runs its batches. */
export interface CallBatcherOptions<Item, Result> {
  /** Runs one batch; resolves with one result per item, in the items' order. */
  run(items: readonly Item[]): Promise<Result[]>;
  /** A batch is sent at once when it holds this many items. */
  readonly maxItems: number;
  /**
   * How long a batch waits for more calls after its first one. Default 0: it goes at the end of the
   * event-loop turn.
   */
  readonly lingerMs?: number;
  /**
   * When a batch of several items fails with an error this accepts, each item is run alone (only its own
   * fails). Default: no error is an item's, every caller gets the batch's error.
   */
  isItemError?(error: unknown): boolean;
}

interface Pending<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Coalesces the calls made in one event-loop turn (a consumer's prefetch window handled side by side), or
 * within `lingerMs` of the first, into one batch, so a store makes one round trip and one transaction for
 * many messages; every caller gets its own result or error.
 */
export function createCallBatcher<Item, Result>(
  options: CallBatcherOptions<Item, Result>,
): (item: Item) => Promise<Result> {
  const lingerMs = options.lingerMs ?? 0;
  let pending: Pending<Item, Result>[] = [];
  let cancelScheduledFlush: (() => void) | undefined;

  const runBatch = async (batch: readonly Pending<Item, Result>[]): Promise<void> => {
    try {
      const results = await options.run(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => {
        entry.resolve(results[index] as Result);
      });
    } catch (error) {
      if (batch.length > 1 && options.isItemError?.(error) === true) {
        await Promise.all(batch.map((entry) => runBatch([entry])));
        return;
      }
      for (const entry of batch) entry.reject(error);
    }
  };

  const flush = (): void => {
    cancelScheduledFlush?.();
    cancelScheduledFlush = undefined;
    const batch = pending;
    pending = [];
    void runBatch(batch);
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
