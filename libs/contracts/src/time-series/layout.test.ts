import { toFieldName, toRollupFieldName, toRollupMeasurement, toStateFields } from './layout';

describe('the device time-series layout', () => {
  it('a telemetry metric is stored under a field named for its value type', () => {
    expect([toFieldName('level', 3), toFieldName('open', false), toFieldName('mode', 'x')]).toEqual([
      'level',
      'open#bool',
      'mode#str',
    ]);
  });

  it('a reported state keeps its numbers, its booleans as 1 and 0, and leaves strings, objects and null out', () => {
    const state = {
      setpoint: 21.5,
      heating: true,
      window: false,
      mode: 'heat',
      schedule: { on: 1 },
      fan: null,
    };

    expect(toStateFields(state)).toEqual({ setpoint: 21.5, heating: 1, window: 0 });
  });

  it("a rollup is a measurement named for its width, a metric's statistic a field named as InfluxQL's SELECT ... INTO names it", () => {
    expect(toRollupMeasurement('device_telemetry', '5m')).toBe('device_telemetry_5m');
    expect(toRollupFieldName('mean', 'temperature')).toBe('mean_temperature');
  });
});
