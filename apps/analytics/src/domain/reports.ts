import type { DailyReport, FleetWindow, WeeklyReport } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { dayMs, isoWeekOf, parseDay, parseIsoWeek, type Bucket } from './periods';
import type { MetricQueries, ReportKind, ReportStore } from './ports';

/** A vendor's figures over a window, computed from the facts. */
export type ComputeWindow = (vendorId: string, from: Date, to: Date) => Promise<FleetWindow>;

/** How each kind names its period, finds its window and says it is not over. */
const kinds = {
  daily: {
    parse: parseDay,
    label: (period: string) => ({ day: period }),
    notOver: (period: string) =>
      new AppError('conflict', 'REPORT_DAY_NOT_OVER', `the day ${period} is not over yet (UTC)`),
    /** Yesterday (UTC): the latest day that is over. */
    latestOver: (now: number) => new Date(now - dayMs).toISOString().slice(0, 10),
  },
  weekly: {
    parse: parseIsoWeek,
    label: (period: string) => ({ week: period }),
    notOver: (period: string) =>
      new AppError('conflict', 'REPORT_WEEK_NOT_OVER', `the week ${period} is not over yet (UTC)`),
    /** The week before this one: the latest week that is over. */
    latestOver: (now: number) => isoWeekOf(new Date(now - 7 * dayMs)),
  },
} satisfies Record<ReportKind, unknown>;

/** Daily and weekly reports: generated from the facts, kept, and read back as kept. */
export function createReports(deps: {
  readonly computeWindow: ComputeWindow;
  readonly queries: MetricQueries;
  readonly stores: Readonly<Record<ReportKind, ReportStore>>;
  readonly now: () => number;
}) {
  const { computeWindow, queries, stores, now } = deps;
  /** The period's window once it is over (400 for a malformed period, 409 for one not over). */
  const windowOf = (kind: ReportKind, period: string): Bucket => {
    const window = kinds[kind].parse(period);
    if (window.to.getTime() > now()) throw kinds[kind].notOver(period);
    return window;
  };
  const generate = async (kind: ReportKind, vendorId: string, period: string): Promise<FleetWindow> => {
    const { from, to } = windowOf(kind, period);
    const report = { ...kinds[kind].label(period), ...(await computeWindow(vendorId, from, to)) };
    await stores[kind].save(vendorId, period, report, new Date(now()));
    return report;
  };
  const read = async (kind: ReportKind, vendorId: string, period: string): Promise<FleetWindow> => {
    windowOf(kind, period);
    const stored = (await stores[kind].find(vendorId, period)) as FleetWindow | undefined;
    return stored ?? generate(kind, vendorId, period);
  };
  return {
    /** The stored report of the day, generated now when there is none. */
    dailyReport: (vendorId: string, day: string) => read('daily', vendorId, day) as Promise<DailyReport>,
    /** Computes the day's report from the facts again and stores it. */
    generateDailyReport: (vendorId: string, day: string) =>
      generate('daily', vendorId, day) as Promise<DailyReport>,
    /** The stored report of the ISO week, generated now when there is none. */
    weeklyReport: (vendorId: string, week: string) => read('weekly', vendorId, week) as Promise<WeeklyReport>,
    /** Computes the week's report from the facts again and stores it. */
    generateWeeklyReport: (vendorId: string, week: string) =>
      generate('weekly', vendorId, week) as Promise<WeeklyReport>,
    /**
     * Generates yesterday's and last week's missing reports, at most `limit` in all; `more` when others may
     * be missing.
     */
    async generateDueReports(limit: number): Promise<{ count: number; more: boolean }> {
      let count = 0;
      for (const kind of ['daily', 'weekly'] as const) {
        const period = kinds[kind].latestOver(now());
        const { to } = kinds[kind].parse(period);
        const vendors = await queries.vendorsWithoutReport(kind, period, to, limit - count);
        for (const vendorId of vendors) await generate(kind, vendorId, period);
        count += vendors.length;
        if (count === limit) return { count, more: true };
      }
      return { count, more: false };
    },
  };
}

/** The report use cases (createReports). */
export type Reports = ReturnType<typeof createReports>;
