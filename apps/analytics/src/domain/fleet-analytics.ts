import type {
  ActivationFunnel,
  ActivationFunnelQuery,
  CurrentMetricsQuery,
  FleetMetricName,
  FleetWindow,
  MetricSeries,
  MetricSeriesQuery,
} from '@homeport/contracts';
import { computeFleet, pointValues } from './figures';
import { invalidQuery, splitBuckets } from './periods';
import type { MetricQueries, ReportKind, ReportStore } from './ports';
import { createReports, type Reports } from './reports';

/** Buckets one series answers at most. */
export const maxSeriesPoints = 1000;

/** The use cases of the internal API and the report schedule; every one is scoped to one vendor. */
export interface FleetAnalytics extends Reports {
  current(vendorId: string, query: CurrentMetricsQuery): Promise<FleetWindow>;
  series(vendorId: string, metric: FleetMetricName, query: MetricSeriesQuery): Promise<MetricSeries>;
  /** The activation funnel of the devices registered within [from, to), from the facts known now. */
  funnel(vendorId: string, query: ActivationFunnelQuery): Promise<ActivationFunnel>;
}

/** [from, to) of a query, 400 when it is empty or backwards. */
function readWindow(query: { readonly from: string; readonly to: string }) {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to.getTime() <= from.getTime()) throw invalidQuery('to', 'must be after from');
  return { from, to };
}

/** The bucket size of a series query: `interval` seconds or a calendar `period`, exactly one of them. */
function readBucketSize(query: MetricSeriesQuery) {
  if (query.interval !== undefined && query.period !== undefined)
    throw invalidQuery('period', 'give either interval or period, not both');
  if (query.interval !== undefined) return { intervalMs: query.interval * 1000 };
  if (query.period !== undefined) return { period: query.period };
  throw invalidQuery('interval', 'give interval (seconds) or period (day, week, month)');
}

/** Creates the use cases over the metric queries and the report stores. */
export function createFleetAnalytics(deps: {
  readonly queries: MetricQueries;
  readonly reports: Readonly<Record<ReportKind, ReportStore>>;
  readonly now: () => number;
}): FleetAnalytics {
  const { queries, now } = deps;
  const computeWindow = async (vendorId: string, from: Date, to: Date): Promise<FleetWindow> => {
    const rows = await queries.window(vendorId, from, to);
    const windowMs = to.getTime() - from.getTime();
    return { vendorId, from: from.toISOString(), to: to.toISOString(), ...computeFleet(rows, windowMs) };
  };
  return {
    ...createReports({ computeWindow, queries, stores: deps.reports, now }),
    current(vendorId, query) {
      const to = new Date(now());
      return computeWindow(vendorId, new Date(to.getTime() - (query.windowMinutes ?? 60) * 60_000), to);
    },
    async series(vendorId, metric, query) {
      const { from, to } = readWindow(query);
      const buckets = splitBuckets(from, to, readBucketSize(query), maxSeriesPoints);
      if (buckets.length > maxSeriesPoints)
        throw invalidQuery(
          query.period === undefined ? 'interval' : 'period',
          `makes more than ${maxSeriesPoints} points (choose a longer one)`,
        );
      const rows = await queries.series({
        vendorId,
        metric,
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
    async funnel(vendorId, query) {
      const { from, to } = readWindow(query);
      const figures = await queries.funnel({
        vendorId,
        from,
        to,
        ...(query.productId !== undefined && { productId: query.productId }),
      });
      return { vendorId, from: from.toISOString(), to: to.toISOString(), ...figures };
    },
  };
}
