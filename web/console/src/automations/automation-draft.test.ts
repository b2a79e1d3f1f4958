import {
  describeActions,
  describeTrigger,
  parseDesiredValue,
  settableFeatures,
  toAutomationRequest,
} from './automation-draft';

describe('an automation as the owner fills it in', () => {
  const fields = {
    name: ' Eco when out ',
    kind: 'home-empty' as const,
    deviceId: 'thermo-1',
    property: 'setpoint',
    value: '17',
    restore: true,
    withinMeters: '2000',
  };

  it('offers the features a person sets, not the readings a device reports', () => {
    expect(settableFeatures(['temperature', 'setpoint', 'mode', 'humidity', 'battery', 'power'])).toEqual([
      'setpoint',
      'mode',
      'power',
    ]);
  });

  it('types the value: numbers, on/off as booleans, words as text', () => {
    expect(parseDesiredValue('17.5')).toBe(17.5);
    expect(parseDesiredValue('off')).toBe(false);
    expect(parseDesiredValue('eco')).toBe('eco');
  });

  it('sends "empty home" as home-empty without restore, "on the way home" as an early first arrival', () => {
    expect(toAutomationRequest(fields)).toEqual({
      name: 'Eco when out',
      trigger: 'home-empty',
      enabled: true,
      actions: [{ deviceId: 'thermo-1', set: { setpoint: 17 } }],
      restore: false,
      onTheWayHomeWithinMeters: null,
    });
    expect(toAutomationRequest({ ...fields, kind: 'on-the-way-home' })).toMatchObject({
      trigger: 'first-arrival',
      restore: true,
      onTheWayHomeWithinMeters: 2000,
    });
  });

  it('says when it runs and what it sets', () => {
    const request = toAutomationRequest({ ...fields, kind: 'on-the-way-home', restore: false });
    expect(describeTrigger(request)).toBe(
      'When the first person arrives, or when someone heading home is within 2000 m',
    );
    expect(describeActions([{ deviceId: 'lamp', set: { on: false, level: 3 } }])).toBe(
      'lamp: on off, level 3',
    );
  });
});
