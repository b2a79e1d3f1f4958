import type {
  ActivationFunnel,
  ActivationFunnelQuery,
  CurrentMetricsQuery,
  DailyReport,
  FleetMetricName,
  FleetWindow,
  MetricSeries,
  MetricSeriesQuery,
  WeeklyReport,
} from '@homeport/contracts';

/**
 * A vendor's fleet figures, kept by the analytics service; every call names the vendor, and nothing of
 * another is read. Unreachable: 503 ANALYTICS_UNAVAILABLE.
 */
export interface AnalyticsDirectory {
  /** Every metric now: states at this instant, activity over the last `windowMinutes`. */
  current(vendorId: string, query: CurrentMetricsQuery): Promise<FleetWindow>;
  /** One metric in buckets over [from, to). */
  series(vendorId: string, metric: FleetMetricName, query: MetricSeriesQuery): Promise<MetricSeries>;
  /** The report of a UTC day (409 REPORT_DAY_NOT_OVER for today). */
  dailyReport(vendorId: string, day: string): Promise<DailyReport>;
  /** The report of an ISO week, `YYYY-Www` (409 REPORT_WEEK_NOT_OVER for this week). */
  weeklyReport(vendorId: string, week: string): Promise<WeeklyReport>;
  /** The activation funnel of the devices registered within [from, to). */
  funnel(vendorId: string, query: ActivationFunnelQuery): Promise<ActivationFunnel>;
}
