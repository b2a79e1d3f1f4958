/**
 * When a batch that has just received an item is sent: at once, at the end of the event-loop turn, once the
 * spacing since the last batch started has passed, or once one of the batches being run ends (bounded by the
 * batcher's maximum wait).
 */
export type BatchDispatch = 'now' | 'end-of-turn' | 'after-spacing' | 'when-a-slot-frees';

/** What the dispatch depends on: the batch being filled and the batches being run. */
export interface BatchLoad {
  /** Size of the batch being filled, the new item included (items, or points for a time-series batch). */
  readonly pendingSize: number;
  /** A batch of this size is full. */
  readonly maxSize: number;
  /** Batches handed to the store and not yet settled. */
  readonly inFlight: number;
  /** Batches the store is given at once. */
  readonly maxInFlight: number;
  /** Time since the last batch was handed to the store (Infinity before the first). */
  readonly msSinceLastStart?: number;
  /** Least time between the starts of two batches that are not full (default 0). */
  readonly minSpacingMs?: number;
}

/**
 * The adaptive batching wait (issue 22): a full batch goes now; while every slot is busy the items pile up until
 * a batch ends; with a slot free a batch goes at the end of its turn, unless the last one started less than
 * `minSpacingMs` ago: then it goes when that spacing has passed. So a lone message at low load waits for
 * nothing, and under load a store gets at most one request per spacing and slot, whatever the rate: each
 * request costs the store a fixed amount (InfluxDB about 500 µs of CPU, tools/bench/README.md), so batches
 * grow with the load instead of the requests.
 */
export function chooseBatchDispatch(load: BatchLoad): BatchDispatch {
  if (load.pendingSize >= load.maxSize) return 'now';
  if (load.inFlight >= load.maxInFlight) return 'when-a-slot-frees';
  return (load.msSinceLastStart ?? Infinity) < (load.minSpacingMs ?? 0) ? 'after-spacing' : 'end-of-turn';
}

/** How long a batch told 'after-spacing' still waits. */
export function remainingSpacingMs(load: BatchLoad): number {
  return Math.max(0, (load.minSpacingMs ?? 0) - (load.msSinceLastStart ?? Infinity));
}

/** A spacing that grows with the load (`createBatcher`'s `spacingGrowth`). */
export interface SpacingGrowth {
  /** Up to this many items (or sizes) a second the spacing is the least one; above, it grows in proportion. */
  readonly fromItemsPerSecond: number;
  /** The spacing never grows beyond this. */
  readonly maxSpacingMs: number;
}

/**
 * The spacing at a given load (issue 22): `minSpacingMs` up to `growth.fromItemsPerSecond`, then in proportion
 * with the rate, up to `growth.maxSpacingMs`. Each request costs the store a fixed amount whatever its size, so
 * at high rates fewer, larger batches save CPU, where the latency allows a longer wait; at low rates the
 * spacing, and so the wait it adds, stays the least one.
 */
export function chooseSpacingMs(load: {
  readonly minSpacingMs: number;
  readonly growth?: SpacingGrowth;
  readonly itemsPerSecond: number;
}): number {
  const { minSpacingMs, growth, itemsPerSecond } = load;
  if (growth === undefined || itemsPerSecond <= growth.fromItemsPerSecond) return minSpacingMs;
  const grown = (minSpacingMs * itemsPerSecond) / growth.fromItemsPerSecond;
  return Math.max(minSpacingMs, Math.min(growth.maxSpacingMs, grown));
}
