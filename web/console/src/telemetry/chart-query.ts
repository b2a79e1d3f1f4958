/** The ranges the chart offers, with their length (a year: 365 days, within public-api's 366). */
export const chartRanges = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  year: 365 * 86_400_000,
} as const;
/** One of the chart's ranges. */
export type ChartRange = keyof typeof chartRanges;

/**
 * Buckets asked per read. public-api picks the bucket width (the smallest of its usual widths giving at most
 * this many): 10 s over an hour (raw points), 5 minutes over a day and 30 minutes over a week (5-minute
 * rollups), a day over a year (hourly rollups).
 */
export const chartMaxPoints = 400;

/** A stretch of time, epoch ms, `fromMs` included, `toMs` excluded. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The window a range shows at `nowMs`: the last hour, day, week or year. */
export const windowOfRange = (range: ChartRange, nowMs: number): TimeWindow => ({
  fromMs: nowMs - chartRanges[range],
  toMs: nowMs,
});

/**
 * The history route's query for a window: reported state (numbers and booleans), every metric, the bucket
 * width left to public-api, which reads raw points or rollups for it.
 */
export const historyQueryOf = (window: TimeWindow) => ({
  source: 'state' as const,
  from: new Date(window.fromMs).toISOString(),
  to: new Date(window.toMs).toISOString(),
  maxPoints: chartMaxPoints,
});

/** public-api's finest bucket: a second. */
const finestIntervalMs = 1000;
/**
 * How much finer a read must be to be worth it: half the loaded width. public-api rounds the needed width up to
 * its usual ones (1, 2, 5, 10, 15, 30 s, 1 min, …), so most such reads come back at half the width or finer;
 * one between 2 and 5 s may come back at the loaded width, a read that costs only itself.
 */
const worthwhileFactor = 2;

/**
 * Whether a zoomed window is read again at a finer resolution: when its buckets at `chartMaxPoints` could be
 * half as wide as the loaded ones (`loadedIntervalMs`, the width public-api answered) or narrower.
 */
export function needsFinerRead(zoom: TimeWindow, loadedIntervalMs: number): boolean {
  if (loadedIntervalMs <= finestIntervalMs) return false;
  const neededMs = Math.max(finestIntervalMs, (zoom.toMs - zoom.fromMs) / chartMaxPoints);
  return neededMs * worthwhileFactor <= loadedIntervalMs;
}

/** The middle half of a window: the "Zoom in" control's step, for people who do not drag a pointer. */
export function zoomInOn(window: TimeWindow): TimeWindow {
  const quarterMs = (window.toMs - window.fromMs) / 4;
  return { fromMs: Math.round(window.fromMs + quarterMs), toMs: Math.round(window.toMs - quarterMs) };
}

/** A stretch selected on the chart, kept within the window shown (a drag may end past the plot's edge). */
export const clampToWindow = (selected: TimeWindow, window: TimeWindow): TimeWindow => ({
  fromMs: Math.max(selected.fromMs, window.fromMs),
  toMs: Math.min(selected.toMs, window.toMs),
});
