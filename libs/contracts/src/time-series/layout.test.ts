import { toFieldName, toStateFields } from './layout';

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
});
