import { rollupWidths, type RollupWidthName } from '@homeport/contracts';
import { rollupWidthsNarrowestFirst } from './time-series-retention';
import type { RollupRange, TimeSeriesPoint } from './ports';

/**
 * The earliest point time stored since it was last taken: where late points went, for the rollups. Shared by
 * the replicas on Redis (any replica's round rolls up what another wrote, even one killed since), or kept in
 * memory by the embedded mode's one process.
 */
export interface WrittenTimes {
  /** Notes points that were written (or may have been); resolves once the note is kept. */
  note(points: readonly TimeSeriesPoint[]): Promise<void>;
  /**
   * The earliest time noted, or undefined when none: moves the note to the round (merged with one a round
   * killed before its end left), kept until `forget`, so a point noted meanwhile is the next round's.
   */
  take(): Promise<number | undefined>;
  /** Once the round rolled it up: removes the taken note if it still holds `timeMs` (not a lower one). */
  forget(timeMs: number): Promise<void>;
}

/**
 * The earliest time of the points of the last `lookbackMs`, or undefined: older ones reach the rollups
 * through a backfill, and a device replaying older points would otherwise make each round roll up the
 * whole lookback.
 */
export function findEarliestRecent(
  points: readonly TimeSeriesPoint[],
  lookbackMs: number,
): number | undefined {
  const oldestMs = Date.now() - lookbackMs;
  let earliestMs: number | undefined;
  for (const { timeMs } of points) {
    if (timeMs >= oldestMs && (earliestMs === undefined || timeMs < earliestMs)) earliestMs = timeMs;
  }
  return earliestMs;
}

/** WrittenTimes of one process, in memory (the embedded mode), noting points of the last `lookbackMs`. */
export function createWrittenTimes(lookbackMs: number): WrittenTimes {
  let notedMs: number | undefined;
  let takenMs: number | undefined;
  const earlier = (one: number | undefined, other: number | undefined) =>
    one === undefined || (other !== undefined && other < one) ? other : one;
  return {
    note(points) {
      notedMs = earlier(notedMs, findEarliestRecent(points, lookbackMs));
      return Promise.resolve();
    },
    take() {
      takenMs = earlier(takenMs, notedMs);
      notedMs = undefined;
      return Promise.resolve(takenMs);
    },
    forget(timeMs) {
      if (takenMs === timeMs) takenMs = undefined;
      return Promise.resolve();
    },
  };
}

/** Per width, the end of the buckets a round rolled up, up to which the next one need not look again. */
export type RollupCuts = Readonly<Record<RollupWidthName, number>>;

/** What one round rolls up, and the cuts the next round starts from. */
export interface RollupRoundPlan {
  readonly ranges: readonly RollupRange[];
  readonly cuts: RollupCuts;
}

const floorTo = (timeMs: number, widthMs: number) => Math.floor(timeMs / widthMs) * widthMs;
const widestMs = Math.max(...rollupWidths.map((width) => width.widthMs));

/** Per width, the end of the last bucket that ended at least `arrivalMarginMs` before `nowMs`. */
export function listRollupCuts(nowMs: number, arrivalMarginMs: number): RollupCuts {
  const cuts = {} as Record<RollupWidthName, number>;
  for (const { name, widthMs } of rollupWidths) cuts[name] = floorTo(nowMs - arrivalMarginMs, widthMs);
  return cuts;
}

/**
 * Plans one round, per width from the narrowest (a wider one is computed from it): from the previous
 * round's cut (or, when none is known, `lookbackMs` ago), or earlier from the bucket of the earliest point
 * written since (a late point), never more than `lookbackMs` back (down to a whole widest bucket); up to
 * the end of the last bucket that ended at least `arrivalMarginMs` ago. Whole buckets only, and none still
 * growing: readers take a bucket from the rollups only once it settled.
 */
export function planRollupRound(options: {
  readonly nowMs: number;
  readonly previousCuts: RollupCuts | undefined;
  readonly earliestWrittenMs: number | undefined;
  readonly lookbackMs: number;
  readonly arrivalMarginMs: number;
}): RollupRoundPlan {
  const { nowMs, previousCuts, earliestWrittenMs } = options;
  const cuts = listRollupCuts(nowMs, options.arrivalMarginMs);
  const ranges: RollupRange[] = [];
  // Whole widest buckets back: a wider bucket is computed from the narrower ones, so they go back as far.
  const oldestMs = floorTo(nowMs - options.lookbackMs, widestMs);
  for (const { name, widthMs } of rollupWidthsNarrowestFirst) {
    const fromMs = Math.max(
      oldestMs,
      Math.min(
        previousCuts?.[name] ?? oldestMs,
        earliestWrittenMs === undefined ? Infinity : floorTo(earliestWrittenMs, widthMs),
      ),
    );
    if (fromMs < cuts[name]) ranges.push({ fromMs, toMs: cuts[name], widths: [name] });
  }
  return { ranges, cuts };
}
