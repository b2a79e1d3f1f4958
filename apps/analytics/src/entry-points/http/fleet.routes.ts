import {
  ActivationFunnel,
  ActivationFunnelQuery,
  AnalyticsVendorParams,
  CurrentMetricsQuery,
  DailyReport,
  DailyReportParams,
  FleetWindow,
  formatReportCsv,
  MetricSeries,
  MetricSeriesParams,
  MetricSeriesQuery,
  WeeklyReport,
  WeeklyReportParams,
} from '@homeport/contracts';
import { httpErrorSchema, type HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { FleetAnalytics } from '../../domain/fleet-analytics';
import type { AnalyticsMetrics } from '../../metrics';

const errors = (...statuses: number[]) =>
  Object.fromEntries([401, ...statuses].map((status) => [status, httpErrorSchema]));

/**
 * A vendor's current figures, time series, activation funnel and daily and weekly reports (libs/contracts
 * http/analytics-api.ts).
 */
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
          'One metric in buckets of `interval` seconds from `from`, or calendar buckets (`period`: UTC day, ' +
          'ISO week, month) from the one holding `from`, until `to`; at most 1,000: states at the end of ' +
          'each bucket, activity within it; one product (`productId`) or the whole fleet. Messages and presence ' +
          'older than their retention are known per UTC day: a bucket edge there that is not a UTC midnight ' +
          'is 400.',
        params: MetricSeriesParams,
        querystring: MetricSeriesQuery,
        response: { 200: MetricSeries, ...errors(400) },
      },
    },
    (request) => analytics.series(request.params.vendorId, request.params.metric, request.query),
  );
  app.get(
    '/vendors/:vendorId/funnel',
    {
      schema: {
        tags,
        description:
          'The activation funnel of the devices registered within [from, to): provisioned, claimed, first ' +
          'online since the claim, active 7 to 14 days after it; seconds from claim to first report.',
        params: AnalyticsVendorParams,
        querystring: ActivationFunnelQuery,
        response: { 200: ActivationFunnel, ...errors(400) },
      },
    },
    (request) => analytics.funnel(request.params.vendorId, request.query),
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
  app.get(
    '/vendors/:vendorId/reports/weekly/:week',
    {
      schema: {
        tags,
        description:
          'The report of an ISO week (Monday 00:00 UTC to Monday) as generated (by the schedule, or now ' +
          'when there is none). 409 REPORT_WEEK_NOT_OVER for this week.',
        params: WeeklyReportParams,
        response: { 200: WeeklyReport, ...errors(400, 409) },
      },
    },
    (request) => analytics.weeklyReport(request.params.vendorId, request.params.week),
  );
  app.get(
    '/vendors/:vendorId/reports/weekly/:week/csv',
    {
      schema: {
        tags,
        description: 'The same weekly report as CSV (text/csv), the layout of the daily one.',
        params: WeeklyReportParams,
        response: { 200: Type.String(), ...errors(400, 409) },
      },
    },
    async (request, reply) => {
      const report = await analytics.weeklyReport(request.params.vendorId, request.params.week);
      return reply.type('text/csv; charset=utf-8').send(formatReportCsv(report));
    },
  );
  app.post(
    '/vendors/:vendorId/reports/weekly/:week',
    {
      schema: {
        tags,
        description: 'Generates the report of an ISO week again from the stored facts, and keeps it.',
        params: WeeklyReportParams,
        response: { 200: WeeklyReport, ...errors(400, 409) },
      },
    },
    async (request) => {
      const report = await analytics.generateWeeklyReport(request.params.vendorId, request.params.week);
      metrics.reports.inc({ trigger: 'demand' });
      return report;
    },
  );
  return Promise.resolve();
};
