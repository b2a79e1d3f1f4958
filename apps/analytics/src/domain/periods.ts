import { AppError } from '@homeport/errors';

/** Milliseconds of a day (UTC days have no leap seconds in epoch time). */
export const dayMs = 86_400_000;
const weekMs = 7 * dayMs;

/** A window [from, to). */
export interface Bucket {
  readonly from: Date;
  readonly to: Date;
}

/** 400 ANALYTICS_QUERY_INVALID naming the field. */
export const invalidQuery = (field: string, message: string) =>
  new AppError('invalid', 'ANALYTICS_QUERY_INVALID', `${field}: ${message}`);

/** The UTC day `YYYY-MM-DD` as a window, or 400 when it is not a real date. */
export function parseDay(day: string): Bucket {
  const from = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(from.getTime()) || from.toISOString().slice(0, 10) !== day)
    throw invalidQuery('day', `${day} is not a date (YYYY-MM-DD)`);
  return { from, to: new Date(from.getTime() + dayMs) };
}

/** Monday 00:00 UTC of the week holding `at`. */
const mondayOf = (at: Date) => {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return midnight - ((at.getUTCDay() + 6) % 7) * dayMs;
};

/** The ISO 8601 week (`YYYY-Www`) holding `at`: the year of its Thursday, counted from the week of 4 January. */
export function isoWeekOf(at: Date): string {
  const thursday = new Date(mondayOf(at) + 3 * dayMs);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - mondayOf(new Date(Date.UTC(year, 0, 4)))) / weekMs) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week `YYYY-Www` as a window (Monday to Monday, UTC), or 400 when the year has no such week. */
export function parseIsoWeek(week: string): Bucket {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  const from = match
    ? new Date(mondayOf(new Date(Date.UTC(Number(match[1]), 0, 4))) + (Number(match[2]) - 1) * weekMs)
    : undefined;
  if (from === undefined || isoWeekOf(from) !== week)
    throw invalidQuery('week', `${week} is not an ISO week of its year (YYYY-Www)`);
  return { from, to: new Date(from.getTime() + weekMs) };
}

/** Calendar periods of a series (UTC). */
export type CalendarPeriod = 'day' | 'week' | 'month';

const periodStart: Record<CalendarPeriod, (at: Date) => number> = {
  day: (at) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()),
  week: mondayOf,
  month: (at) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1),
};

const nextStart: Record<CalendarPeriod, (start: number) => number> = {
  day: (start) => start + dayMs,
  week: (start) => start + weekMs,
  month: (start) => {
    const at = new Date(start);
    return Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  },
};

/**
 * The buckets from the one holding `from` until one reaches `to`: of `interval` ms from `from`, or calendar
 * periods. Stops past `limit` (the caller refuses such a series) rather than building it.
 */
export function splitBuckets(
  from: Date,
  to: Date,
  size: { readonly intervalMs: number } | { readonly period: CalendarPeriod },
  limit: number,
): Bucket[] {
  const buckets: Bucket[] = [];
  const next = 'period' in size ? nextStart[size.period] : (start: number) => start + size.intervalMs;
  let start = 'period' in size ? periodStart[size.period](from) : from.getTime();
  while (start < to.getTime() && buckets.length <= limit) {
    const end = next(start);
    buckets.push({ from: new Date(start), to: new Date(end) });
    start = end;
  }
  return buckets;
}
