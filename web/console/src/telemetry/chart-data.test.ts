import {
  keepShownMetrics,
  pickDefaultMetrics,
  summarizeSeries,
  toChartView,
  type DeviceHistory,
} from './chart-data';

const history: DeviceHistory = {
  deviceId: 'th-1',
  source: 'state',
  from: '2026-12-04T10:00:00.000Z',
  to: '2026-12-04T11:00:00.000Z',
  aggregate: 'mean',
  intervalMs: 600_000,
  series: [
    {
      metric: 'battery',
      points: [{ time: '2026-12-04T10:10:00.000Z', value: 87 }],
    },
    {
      metric: 'temperature',
      points: [
        { time: '2026-12-04T10:00:00.000Z', value: 20.5 },
        { time: '2026-12-04T10:10:00.000Z', value: 19 },
        { time: '2026-12-04T10:50:00.000Z', value: 21 },
      ],
    },
  ],
};
const seconds = (time: string) => Date.parse(time) / 1000;
const wholeHour = { fromMs: Date.parse(history.from), toMs: Date.parse(history.to) };

describe("the history chart's data", () => {
  it('when a thermostat reports battery and temperature, the chart shows its temperature first', () => {
    expect(pickDefaultMetrics(['battery', 'temperature'])).toEqual(['temperature']);
    expect(pickDefaultMetrics(['battery', 'humidity'])).toEqual(['battery']);
    expect(pickDefaultMetrics([])).toEqual([]);
  });

  it('when a picked metric is no longer in the history, the others stay, and the default comes back when none is left', () => {
    expect(keepShownMetrics(['humidity', 'battery'], ['battery', 'temperature'])).toEqual(['battery']);
    expect(keepShownMetrics(['humidity'], ['battery', 'temperature'])).toEqual(['temperature']);
  });

  it('when two metrics with different units are shown, their columns share the times, each has its unit and keeps its colour', () => {
    const view = toChartView(history, ['temperature', 'battery'], wholeHour);
    expect(view.columns).toEqual([
      [
        seconds('2026-12-04T10:00:00.000Z'),
        seconds('2026-12-04T10:10:00.000Z'),
        seconds('2026-12-04T10:50:00.000Z'),
      ],
      [null, 87, null],
      [20.5, 19, 21],
    ]);
    expect(view.units).toEqual(['%', '°C']);
    expect(view.colorIndexes).toEqual([0, 1]);
    expect(toChartView(history, ['temperature'], wholeHour).colorIndexes).toEqual([1]);
  });

  it('when the owner zooms on the first 20 minutes, the summary tells latest, lowest and highest there, with units', () => {
    const { series } = toChartView(history, ['temperature'], {
      fromMs: Date.parse('2026-12-04T10:00:00.000Z'),
      toMs: Date.parse('2026-12-04T10:20:00.000Z'),
    });
    expect(summarizeSeries(series)).toEqual(['temperature: latest 19 °C, lowest 19 °C, highest 20.5 °C']);
    expect(summarizeSeries([{ metric: 'humidity', points: [] }])).toEqual(['humidity: no readings']);
  });
});
