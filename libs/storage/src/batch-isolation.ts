import { isTransient } from '@homeport/errors';

/** One caller's item in a batch, and how its promise is settled. */
export interface BatchEntry<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** How `settleBatch` runs a batch and which of its failures belong to the whole batch. */
export interface BatchIsolationOptions<Item, Result> {
  /** Runs one batch; resolves with one result per item, in the items' order. */
  run(items: readonly Item[]): Promise<Result[]>;
  /**
   * A failure this accepts fails every item of the batch (each caller retries later); any other one is
   * searched for. Default: `isTransient` (AppError `unavailable`: the store was away, nobody's fault).
   */
  isBatchError?(error: unknown): boolean;
}

/**
 * Runs the entries as one batch and settles each. A batch that fails with an error that is not transient
 * (a data error, a limit, a bug) is split in halves that run again, down to single items, so that every
 * item that succeeds alone is applied and only the item that fails alone gets an error: its own. One bad
 * item in a batch of 100 costs about 2·log2(100) = 14 extra runs, not 100, run one after another in the
 * items' order. A transient failure fails the whole batch at once. Never rejects.
 */
export async function settleBatch<Item, Result>(
  entries: readonly BatchEntry<Item, Result>[],
  options: BatchIsolationOptions<Item, Result>,
): Promise<void> {
  if (entries.length === 0) return;
  const isBatchError = (error: unknown): boolean => options.isBatchError?.(error) ?? isTransient(error);
  let results: Result[];
  try {
    // Inside the try: a run that throws before its first await fails like one that rejects.
    results = await options.run(entries.map((entry) => entry.item));
  } catch (error) {
    if (entries.length === 1 || isBatchError(error)) {
      for (const entry of entries) entry.reject(error);
      return;
    }
    // One half after the other: the items still apply in the batch's order (one device's reports merge
    // around a refused one as they would have in the batch), whatever the halves' timing.
    const middle = Math.ceil(entries.length / 2);
    await settleBatch(entries.slice(0, middle), options);
    await settleBatch(entries.slice(middle), options);
    return;
  }
  entries.forEach((entry, index) => {
    entry.resolve(results[index] as Result);
  });
}
