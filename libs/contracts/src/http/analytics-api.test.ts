import { compileValidator } from '../validation';
import {
  ActivationFunnelQuery,
  DailyReport,
  MetricSeriesQuery,
  WeeklyReport,
  WeeklyReportParams,
  dailyReportExample,
  weeklyReportExample,
} from './analytics-api';

describe('analytics API contracts', () => {
  it('the daily report example validates', () => {
    expect(compileValidator(DailyReport).explain(dailyReportExample)).toEqual([]);
  });

  it('the weekly report example validates; a week is YYYY-Www, W01 to W53', () => {
    expect(compileValidator(WeeklyReport).explain(weeklyReportExample)).toEqual([]);
    const params = compileValidator(WeeklyReportParams);
    expect(params.isValid({ vendorId: 'acme', week: '2026-W53' })).toBe(true);
    expect(params.isValid({ vendorId: 'acme', week: '2026-W54' })).toBe(false);
    expect(params.isValid({ vendorId: 'acme', week: '2026-48' })).toBe(false);
  });

  it('a funnel cohort names its window and nothing else', () => {
    const cohort = compileValidator(ActivationFunnelQuery);
    expect(cohort.isValid({ from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' })).toBe(true);
    expect(cohort.isValid({ from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z', week: 1 })).toBe(false);
  });

  it('a series query with a bucket shorter than a minute is refused, naming the field', () => {
    const query = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', interval: 10 };
    expect(compileValidator(MetricSeriesQuery).explain(query)).toEqual([
      expect.stringContaining('/interval') as unknown,
    ]);
  });
});
