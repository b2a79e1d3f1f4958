import { compileValidator } from '../validation';
import { DailyReport, MetricSeriesQuery, dailyReportExample } from './analytics-api';

describe('analytics API contracts', () => {
  it('the daily report example validates', () => {
    expect(compileValidator(DailyReport).explain(dailyReportExample)).toEqual([]);
  });

  it('a series query with a bucket shorter than a minute is refused, naming the field', () => {
    const query = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', interval: 10 };
    expect(compileValidator(MetricSeriesQuery).explain(query)).toEqual([
      expect.stringContaining('/interval') as unknown,
    ]);
  });
});
