import type {
  CurrentMetricsQuery,
  DailyReport,
  FleetWindow,
  MetricSeries,
  MetricSeriesQuery,
  FleetMetricName,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { computeFleet, pointValues } from './figures';
import type { MetricQueries, ReportStore } from './ports';

const dayMs = 86_400_000;
/** Buckets one series answers at most. */
export const maxSeriesPoints = 1000;

/** The use cases of the internal API and the report schedule; every one is scoped to one vendor. */
export interface FleetAnalytics {
  current(vendorId: string, query: CurrentMetricsQuery): Promise<FleetWindow>;
  series(vendorId: string, metric: FleetMetricName, query: MetricSeriesQuery): Promise<MetricSeries>;
  /** The stored report of the day, generated now when there is none. */
  dailyReport(vendorId: string, day: string): Promise<DailyReport>;
  /** Computes the day's report from the facts again and stores it. */
  generateDailyReport(vendorId: string, day: string): Promise<DailyReport>;
  /** Generates yesterday's missing reports, at most `limit`; `more` when others may be missing. */
  generateDueReports(limit: number): Promise<{ count: number; more: boolean }>;
}

const invalid = (field: string, message: string) =>
  new AppError('invalid', 'ANALYTICS_QUERY_INVALID', `${field}: ${message}`);

/** The UTC day's start, or 400 when `day` is not a real date. */
function dayStart(day: string): Date {
  const start = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== day)
    throw invalid('day', `${day} is not a date (YYYY-MM-DD)`);
  return start;
}

/** Creates the use cases over the metric queries and the report store. */
export function createFleetAnalytics(deps: {
  readonly queries: MetricQueries;
  readonly reports: ReportStore;
  readonly now: () => number;
}): FleetAnalytics {
  const { queries, reports, now } = deps;
  const computeWindow = async (vendorId: string, from: Date, to: Date): Promise<FleetWindow> => {
    const rows = await queries.window(vendorId, from, to);
    const windowMs = to.getTime() - from.getTime();
    return { vendorId, from: from.toISOString(), to: to.toISOString(), ...computeFleet(rows, windowMs) };
  };
  const generateDailyReport = async (vendorId: string, day: string): Promise<DailyReport> => {
    const from = dayStart(day);
    const to = new Date(from.getTime() + dayMs);
    if (to.getTime() > now())
      throw new AppError('conflict', 'REPORT_DAY_NOT_OVER', `the day ${day} is not over yet (UTC)`);
    const report = { day, ...(await computeWindow(vendorId, from, to)) };
    await reports.save(vendorId, day, report, new Date(now()));
    return report;
  };
  return {
    current(vendorId, query) {
      const to = new Date(now());
      return computeWindow(vendorId, new Date(to.getTime() - (query.windowMinutes ?? 60) * 60_000), to);
    },
    async series(vendorId, metric, query) {
      const from = new Date(query.from);
      const to = new Date(query.to);
      const intervalMs = query.interval * 1000;
      if (to.getTime() <= from.getTime()) throw invalid('to', 'must be after from');
      const buckets = Math.ceil((to.getTime() - from.getTime()) / intervalMs);
      if (buckets > maxSeriesPoints)
        throw invalid(
          'interval',
          `makes ${buckets} points; at most ${maxSeriesPoints} (choose a longer one)`,
        );
      const rows = await queries.series({
        vendorId,
        metric,
        from,
        intervalMs,
        buckets,
        ...(query.productId !== undefined && { productId: query.productId }),
      });
      return {
        vendorId,
        metric,
        productId: query.productId ?? null,
        points: rows.map((bucket) => ({
          from: bucket.from.toISOString(),
          to: bucket.to.toISOString(),
          values: pointValues(metric, bucket.rows),
        })),
      };
    },
    async dailyReport(vendorId, day) {
      dayStart(day);
      const stored = (await reports.find(vendorId, day)) as DailyReport | undefined;
      return stored ?? generateDailyReport(vendorId, day);
    },
    generateDailyReport,
    async generateDueReports(limit) {
      const today = new Date(now()).toISOString().slice(0, 10);
      const yesterday = new Date(dayStart(today).getTime() - dayMs).toISOString().slice(0, 10);
      const vendors = await queries.vendorsWithoutReport(yesterday, dayStart(today), limit);
      for (const vendorId of vendors) await generateDailyReport(vendorId, yesterday);
      return { count: vendors.length, more: vendors.length === limit };
    },
  };
}
