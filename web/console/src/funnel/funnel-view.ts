import type { ApiAnswer } from '../api/console-api';

/** A cohort's activation funnel, for the fleet (or the one product asked) and per product. */
export type ActivationFunnel = ApiAnswer<'/v1/vendors/{vendorId}/analytics/funnel', 'get'>;
/** The funnel's figures of the fleet or of one product. */
export type FunnelFigures = ActivationFunnel['fleet'];

const dayMs = 86_400_000;
/** A claim's activity is counted from 7 to 14 days after it (analytics' funnel). */
const activeUntilMs = 14 * dayMs;

/** The funnel's steps in order, each a subset of the one before, in words. */
const steps = [
  { key: 'provisioned', label: 'Provisioned' },
  { key: 'claimed', label: 'Claimed by a home' },
  { key: 'firstOnline', label: 'Online after the claim' },
  { key: 'activeAfter7Days', label: 'Active 7 to 14 days after the claim' },
] as const satisfies readonly { readonly key: keyof FunnelFigures; readonly label: string }[];

/** One step of the funnel: its devices, and their share of the step before and of those provisioned. */
export interface FunnelStep {
  readonly key: (typeof steps)[number]['key'];
  readonly label: string;
  readonly devices: number;
  /** "67 %"; undefined for the first step. */
  readonly ofPrevious: string | undefined;
  readonly ofProvisioned: string;
}

/** `part` of `whole` as a whole percentage ("67 %"), or "–" of none. */
export function formatShare(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)} %`;
}

/** The steps of a funnel, in order, with their conversions. */
export function funnelSteps(figures: FunnelFigures): FunnelStep[] {
  return steps.map((step, index) => {
    const devices = figures[step.key];
    const previous = index === 0 ? undefined : steps[index - 1];
    return {
      ...step,
      devices,
      ofPrevious: previous === undefined ? undefined : formatShare(devices, figures[previous.key]),
      ofProvisioned: formatShare(devices, figures.provisioned),
    };
  });
}

/** A duration for people, rounded to its largest unit: "45 s", "12 min", "5 h", "3 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** How long claimed devices took to report first, in a sentence. */
export function describeClaimToFirstReport(figures: FunnelFigures): string {
  const { devices, medianSeconds, p90Seconds } = figures.claimToFirstReport;
  if (devices === 0 || medianSeconds === null || p90Seconds === null)
    return 'No claimed device has reported since its claim yet.';
  const counted = devices === 1 ? '1 device' : `${devices} devices`;
  return `From the claim to the first report: ${formatDuration(medianSeconds)} for half of them (median), ${formatDuration(p90Seconds)} for 90 % (over ${counted}).`;
}

/** The cohort window as typed: two UTC days, `from` to `to` included. */
export interface CohortDays {
  readonly fromDay: string;
  readonly toDay: string;
}

const toDayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStartMs = (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN);

/** The last `days` UTC days up to today (included). */
export function lastDays(days: number, nowMs: number): CohortDays {
  return { fromDay: toDayText(nowMs - (days - 1) * dayMs), toDay: toDayText(nowMs) };
}

/**
 * The funnel query's `[from, to)` of the days typed (from the first day's midnight to the midnight after the
 * last, UTC), or a sentence naming the field to change.
 */
export function cohortWindow({ fromDay, toDay }: CohortDays): { from: string; to: string } | string {
  const fromMs = dayStartMs(fromDay);
  const toMs = dayStartMs(toDay);
  if (Number.isNaN(fromMs)) return 'From: pick a day.';
  if (Number.isNaN(toMs)) return 'To: pick a day.';
  if (toMs < fromMs) return 'To: pick the same day as From or a later one.';
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs + dayMs).toISOString() };
}

/** The cohort of a funnel's `[from, to)`, as the days were picked: "2026-11-07 to 2026-12-06" (UTC). */
export function describeCohortDays(funnel: { readonly from: string; readonly to: string }): string {
  const lastDay = toDayText(Date.parse(funnel.to) - 1);
  const firstDay = funnel.from.slice(0, 10);
  return firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`;
}

/**
 * Whether devices of the cohort may still become active 7 to 14 days after their claim: some were registered,
 * hence claimed, less than 14 days before now.
 */
export const isStillMaturing = (toIso: string, nowMs: number) => Date.parse(toIso) > nowMs - activeUntilMs;
