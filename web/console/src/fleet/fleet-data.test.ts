import { alertBars, seriesQuery, summarizeSeries, toSeriesColumns, type MetricSeries } from './fleet-data';

describe('the fleet overview data', () => {
  it('when a month is asked, the series come in 6-hour buckets over 30 days', () => {
    const now = Date.parse('2026-12-04T12:00:00.000Z');
    expect(seriesQuery('month', now)).toEqual({
      from: '2026-11-04T12:00:00.000Z',
      to: '2026-12-04T12:00:00.000Z',
      interval: 21_600,
    });
  });

  it('when messages are counted per 15-minute bucket, the chart shows them per minute at each bucket end', () => {
    const series: MetricSeries = {
      vendorId: 'demo',
      metric: 'messages',
      productId: null,
      points: [
        { from: '2026-12-04T10:00:00.000Z', to: '2026-12-04T10:15:00.000Z', values: { total: 30 } },
        { from: '2026-12-04T10:15:00.000Z', to: '2026-12-04T10:30:00.000Z', values: {} },
      ],
    };
    expect(toSeriesColumns(series, 15)).toEqual([
      [Date.parse('2026-12-04T10:15:00.000Z') / 1000, Date.parse('2026-12-04T10:30:00.000Z') / 1000],
      [2, null],
    ]);
    expect(summarizeSeries('Messages per minute', [2, null, 5])).toBe(
      'Messages per minute: latest 5, lowest 2, highest 5.',
    );
    expect(summarizeSeries('Online devices', [null])).toBe('Online devices: no data in this range yet.');
  });

  it('alerts fired show one bar per rule, the most fired first', () => {
    const figures = {
      alerts: [
        { ruleId: 'a', ruleName: 'Frost', count: 2 },
        { ruleId: 'b', ruleName: 'Battery low', count: 7 },
      ],
    } as Parameters<typeof alertBars>[0];
    expect(alertBars(figures)).toEqual([
      { label: 'Battery low', value: 7 },
      { label: 'Frost', value: 2 },
    ]);
  });
});
