import { readReadings } from './readings';

describe('reading the firmware and battery a device reports', () => {
  it('takes the firmware string and a battery percent, whatever else the state holds', () => {
    expect(readReadings({ firmware: '2.4.1', battery: 87, setpoint: 21 })).toEqual({
      firmware: '2.4.1',
      battery: 87,
    });
  });

  it('ignores values under those names that do not follow the convention', () => {
    expect(readReadings({ firmware: 241, battery: 'low' })).toEqual({});
    expect(readReadings({ firmware: '', battery: 140 })).toEqual({});
    expect(readReadings({ battery: -1 })).toEqual({});
  });
});
