import type {
  ActivationFunnel,
  DailyReport,
  FleetWindow,
  MetricSeries,
  WeeklyReport,
} from '@homeport/contracts';
import type { AnalyticsDirectory } from '../domain/analytics-directory';
import type { InternalApiSend } from './internal-api-transport';

const vendorPath = (vendorId: string, rest: string) => `/vendors/${encodeURIComponent(vendorId)}${rest}`;

/** The analytics service's internal API (libs/contracts http/analytics-api.ts); its routes name the vendor. */
export function createAnalyticsApiDirectory(send: InternalApiSend): AnalyticsDirectory {
  return {
    current: (vendorId, query) => send<FleetWindow>('GET', vendorPath(vendorId, '/metrics'), { query }),
    series: (vendorId, metric, query) =>
      send<MetricSeries>('GET', vendorPath(vendorId, `/metrics/${encodeURIComponent(metric)}/series`), {
        query,
      }),
    dailyReport: (vendorId, day) =>
      send<DailyReport>('GET', vendorPath(vendorId, `/reports/daily/${encodeURIComponent(day)}`)),
    weeklyReport: (vendorId, week) =>
      send<WeeklyReport>('GET', vendorPath(vendorId, `/reports/weekly/${encodeURIComponent(week)}`)),
    funnel: (vendorId, query) => send<ActivationFunnel>('GET', vendorPath(vendorId, '/funnel'), { query }),
  };
}
