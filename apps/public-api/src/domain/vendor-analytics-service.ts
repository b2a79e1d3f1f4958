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
import type { AnalyticsDirectory } from './analytics-directory';
import type { Caller } from './callers';
import type { VendorAccess } from './vendor-access';

/** What a vendor's analytics use cases need. */
export interface VendorAnalyticsServiceDeps {
  readonly analytics: AnalyticsDirectory;
  /** Every call starts with `access.requireOperator` (404 VENDOR_NOT_FOUND outside the caller's reach). */
  readonly access: VendorAccess;
}

/** A vendor's fleet metrics and reports, for its back end (`analytics:read`) and its members. */
export function createVendorAnalyticsService({ analytics, access }: VendorAnalyticsServiceDeps) {
  return {
    async current(caller: Caller, vendorId: string, query: CurrentMetricsQuery): Promise<FleetWindow> {
      await access.requireOperator(caller, vendorId);
      return analytics.current(vendorId, query);
    },
    async series(
      caller: Caller,
      vendorId: string,
      metric: FleetMetricName,
      query: MetricSeriesQuery,
    ): Promise<MetricSeries> {
      await access.requireOperator(caller, vendorId);
      return analytics.series(vendorId, metric, query);
    },
    async dailyReport(caller: Caller, vendorId: string, day: string): Promise<DailyReport> {
      await access.requireOperator(caller, vendorId);
      return analytics.dailyReport(vendorId, day);
    },
    async weeklyReport(caller: Caller, vendorId: string, week: string): Promise<WeeklyReport> {
      await access.requireOperator(caller, vendorId);
      return analytics.weeklyReport(vendorId, week);
    },
    async funnel(caller: Caller, vendorId: string, query: ActivationFunnelQuery): Promise<ActivationFunnel> {
      await access.requireOperator(caller, vendorId);
      return analytics.funnel(vendorId, query);
    },
  };
}

/** The vendor analytics use cases (createVendorAnalyticsService). */
export type VendorAnalyticsService = ReturnType<typeof createVendorAnalyticsService>;
