const dayMs = 86_400_000;

/** The UTC day before `nowMs`, `YYYY-MM-DD` (today's report is not over yet). */
export function previousUtcDay(nowMs: number): string {
  return new Date(nowMs - dayMs).toISOString().slice(0, 10);
}

/** The ISO 8601 week (`YYYY-Www`, weeks from Monday; week 1 holds the year's first Thursday) of a UTC instant. */
export function isoWeekOf(ms: number): string {
  const date = new Date(ms);
  const weekday = (date.getUTCDay() + 6) % 7;
  // The Thursday of the same week decides its year and number.
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * dayMs)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week before the one holding `nowMs` (this week's report is not over yet). */
export function previousIsoWeek(nowMs: number): string {
  return isoWeekOf(nowMs - 7 * dayMs);
}
