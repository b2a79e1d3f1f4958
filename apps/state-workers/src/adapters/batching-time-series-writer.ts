import { createBatcher, type SpacingGrowth } from '@homeport/storage';
import type { TimeSeriesPoint, TimeSeriesWriter } from '../domain/ports';
import type { WrittenTimes } from '../domain/recent-rollups';

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
  /**
   * Least time between the starts of two writes that are not full (default 0): under load the sink gets at
   * most one request per spacing and slot; a write after a quiet spell goes at the end of its turn.
   */
  readonly minSpacingMs?: number;
  /** Above this many points a second the spacing grows in proportion, up to a bound (default: it does not). */
  readonly spacingGrowth?: SpacingGrowth;
  /**
   * Where the times of the points of each batch are noted once the sink answered (or failed: the store
   * may have kept them), for the rollups' late points: a round that takes the note before then reads the
   * points from the store anyway, or the next round does. A note that fails fails the batch (retried).
   */
  readonly written?: WrittenTimes;
  readonly onBatch?: (report: BatchReport) => void;
}

/** A time-series writer that coalesces concurrent writes; `close` writes what is pending. */
export interface BatchingTimeSeriesWriter extends TimeSeriesWriter {
  close(): Promise<void>;
}

/**
 * Coalesces the points of many callers (one per message in flight) into one sink write, with the adaptive
 * wait of `@homeport/storage`'s batcher (none at low load, batches growing with the load); every caller's
 * promise settles with its batch, so a message is acknowledged only after the write that carried it. A batch
 * that fails for another reason than an unreachable store (AppError `unavailable`: the whole batch is
 * retried) is split until only the callers whose points fail alone get the error (e.g. a field type
 * conflict, a bug), so the other messages' points are written.
 */
export function createBatchingTimeSeriesWriter(
  options: BatchingTimeSeriesWriterOptions,
): BatchingTimeSeriesWriter {
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
      // The sink's error decides the retry, and a retried batch is noted again: a failed note is moot here.
      await options.written?.note(points).catch(() => undefined);
      throw error;
    }
    report(true);
    // Before the callers' messages are acknowledged: a replica killed after the ack leaves the note behind.
    await options.written?.note(points);
    return writes.map(() => undefined);
  };
  const batcher = createBatcher<readonly TimeSeriesPoint[], undefined>({
    run: writePoints,
    maxItems: options.maxBatchPoints,
    sizeOf: (points) => points.length,
    maxInFlight: options.maxWritesInFlight,
    maxWaitMs: options.maxDelayMs,
    minSpacingMs: options.minSpacingMs ?? 0,
    spacingGrowth: options.spacingGrowth,
  });

  return {
    write: (points) => (points.length === 0 ? Promise.resolve() : batcher.add(points)),
    close: () => batcher.close(),
  };
}
