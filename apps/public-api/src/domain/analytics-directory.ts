import type {
  CurrentMetricsQuery,
  DailyReport,
  FleetMetricName,
  FleetWindow,
  MetricSeries,
  MetricSeriesQuery,
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
}
