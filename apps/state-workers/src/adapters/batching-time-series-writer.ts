import { chooseBatchDispatch, settleBatch, type BatchEntry } from '@homeport/storage';
import type { TimeSeriesPoint, TimeSeriesWriter } from '../domain/ports';

/** Writes one batch of points in one request; resolves once they are stored. */
export type TimeSeriesSink = (points: readonly TimeSeriesPoint[]) => Promise<void>;

/** How a batch went, for metrics. */
export interface BatchReport {
  readonly writes: number;
  readonly points: number;
  readonly durationMs: number;
  readonly ok: boolean;
}

/** Settings of the batching writer. */
export interface BatchingTimeSeriesWriterOptions {
  readonly sink: TimeSeriesSink;
  /** A batch is written as soon as it holds this many points. */
  readonly maxBatchPoints: number;
  /** ...or this long after its first point arrived, at most (while `maxWritesInFlight` are being written). */
  readonly maxDelayMs: number;
  /**
   * Below this many writes in flight a batch goes at the end of its event-loop turn (low load: no wait);
   * at it, points pile up until a write ends (then go at once), the batch is full, or `maxDelayMs`.
   */
  readonly maxWritesInFlight: number;
  readonly onBatch?: (report: BatchReport) => void;
}

/** A time-series writer that coalesces concurrent writes; `close` writes what is pending. */
export interface BatchingTimeSeriesWriter extends TimeSeriesWriter {
  close(): Promise<void>;
}

/** One caller's points. */
type PendingWrite = BatchEntry<readonly TimeSeriesPoint[], undefined>;

/**
 * Coalesces the points of many callers (one per message in flight) into one sink write, sent at the end of
 * the turn while fewer than `maxWritesInFlight` writes run, else when one ends, when the batch is full or
 * `maxDelayMs` after it started (an adaptive wait: none at low load, batches growing with the load); every caller's promise settles with its batch, so a
 * message is acknowledged only after the write that carried it. A batch that fails for another reason than
 * an unreachable store (AppError `unavailable`: the whole batch is retried) is split until only the
 * callers whose points fail alone get the error (e.g. a field type conflict, a bug), so the other messages'
 * points are written.
 */
export function createBatchingTimeSeriesWriter(
  options: BatchingTimeSeriesWriterOptions,
): BatchingTimeSeriesWriter {
  let pending: PendingWrite[] = [];
  let pendingPoints = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const inFlight = new Set<Promise<void>>();

  const writePoints = async (writes: readonly (readonly TimeSeriesPoint[])[]): Promise<undefined[]> => {
    const points = writes.flat();
    const startedAt = performance.now();
    const report = (ok: boolean): void => {
      const durationMs = performance.now() - startedAt;
      options.onBatch?.({ writes: writes.length, points: points.length, durationMs, ok });
    };
    try {
      await options.sink(points);
    } catch (error) {
      report(false);
      throw error;
    }
    report(true);
    return writes.map(() => undefined);
  };

  const flush = (): void => {
    clearTimeout(timer);
    clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingPoints = 0;
    const work = settleBatch(batch, { run: writePoints }).finally(() => {
      inFlight.delete(work);
      // What piled up while every write slot was busy goes now.
      if (pending.length > 0 && inFlight.size < options.maxWritesInFlight) flush();
    });
    inFlight.add(work);
  };

  return {
    write(points) {
      if (points.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        pending.push({ item: points, resolve, reject });
        pendingPoints += points.length;
        const load = {
          pendingSize: pendingPoints,
          maxSize: options.maxBatchPoints,
          inFlight: inFlight.size,
          maxInFlight: options.maxWritesInFlight,
        };
        const dispatch = chooseBatchDispatch(load);
        if (dispatch === 'now') flush();
        else if (dispatch === 'end-of-turn') immediate ??= setImmediate(flush);
        else timer ??= setTimeout(flush, options.maxDelayMs);
      });
    },
    async close() {
      flush();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
