import {
  AnalyticsVendorParams,
  CurrentMetricsQuery,
  DailyReport,
  DailyReportParams,
  FleetWindow,
  formatReportCsv,
  MetricSeries,
  MetricSeriesParams,
  MetricSeriesQuery,
} from '@homeport/contracts';
import { httpErrorSchema, type HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { FleetAnalytics } from '../../domain/fleet-analytics';
import type { AnalyticsMetrics } from '../../metrics';

const errors = (...statuses: number[]) =>
  Object.fromEntries([401, ...statuses].map((status) => [status, httpErrorSchema]));

/** A vendor's current figures, time series and daily reports (libs/contracts http/analytics-api.ts). */
export const fleetRoutes: HttpRoutes<{ analytics: FleetAnalytics; metrics: AnalyticsMetrics }> = (
  app,
  { analytics, metrics },
) => {
  const tags = ['fleet'];
  app.get(
    '/vendors/:vendorId/metrics',
    {
      schema: {
        tags,
        description: 'Every metric now: states at this instant, activity over the last `windowMinutes` (60).',
        params: AnalyticsVendorParams,
        querystring: CurrentMetricsQuery,
        response: { 200: FleetWindow, ...errors(400) },
      },
    },
    (request) => analytics.current(request.params.vendorId, request.query),
  );
  app.get(
    '/vendors/:vendorId/metrics/:metric/series',
    {
      schema: {
        tags,
        description:
          'One metric in buckets of `interval` seconds over [from, to), at most 1,000: states at the end of ' +
          'each bucket, activity within it; one product (`productId`) or the whole fleet.',
        params: MetricSeriesParams,
        querystring: MetricSeriesQuery,
        response: { 200: MetricSeries, ...errors(400) },
      },
    },
    (request) => analytics.series(request.params.vendorId, request.params.metric, request.query),
  );
  app.get(
    '/vendors/:vendorId/reports/daily/:day',
    {
      schema: {
        tags,
        description:
          'The report of a UTC day as generated (by the schedule, or now when there is none). ' +
          '409 REPORT_DAY_NOT_OVER for today.',
        params: DailyReportParams,
        response: { 200: DailyReport, ...errors(400, 409) },
      },
    },
    (request) => analytics.dailyReport(request.params.vendorId, request.params.day),
  );
  app.get(
    '/vendors/:vendorId/reports/daily/:day/csv',
    {
      schema: {
        tags,
        description:
          'The same report as CSV (text/csv): `product,metric,key,value` rows, the fleet first (`*`).',
        params: DailyReportParams,
        response: { 200: Type.String(), ...errors(400, 409) },
      },
    },
    async (request, reply) => {
      const report = await analytics.dailyReport(request.params.vendorId, request.params.day);
      return reply.type('text/csv; charset=utf-8').send(formatReportCsv(report));
    },
  );
  app.post(
    '/vendors/:vendorId/reports/daily/:day',
    {
      schema: {
        tags,
        description: 'Generates the report of a UTC day again from the stored facts, and keeps it.',
        params: DailyReportParams,
        response: { 200: DailyReport, ...errors(400, 409) },
      },
    },
    async (request) => {
      const report = await analytics.generateDailyReport(request.params.vendorId, request.params.day);
      metrics.reports.inc({ trigger: 'demand' });
      return report;
    },
  );
  return Promise.resolve();
};
