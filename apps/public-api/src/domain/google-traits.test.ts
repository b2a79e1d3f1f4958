import { assistantMappingExample, type AssistantMapping } from '@homeport/contracts';
import type { AssistantDevice } from './assistant-devices';
import { groupCommandResults, toGoogleStates, toGoogleSyncDevice } from './google-traits';

const device = (mapping: AssistantMapping, overrides: Partial<AssistantDevice> = {}): AssistantDevice => ({
  id: 'thermostat-0042',
  vendorId: 'acme',
  productId: 'thermostat',
  homeId: '0b8f9a52-3f51-4bb5-8d8a-1f8b8b0b6a11',
  name: 'Hallway',
  productName: 'Acme Thermostat',
  mapping,
  online: true,
  ...overrides,
});

const bulb: AssistantMapping = {
  deviceType: 'light',
  capabilities: {
    power: { property: 'on' },
    brightness: { property: 'level', min: 0, max: 254 },
    color: { property: 'rgb', model: 'rgb' },
  },
};

describe('Google traits of assistant devices', () => {
  it('a thermostat is SYNCed as THERMOSTAT with TemperatureSetting, its modes, unit and range in Celsius', () => {
    // The shape of https://developers.home.google.com/cloud-to-cloud/guides/thermostat's SYNC example.
    expect(toGoogleSyncDevice(device(assistantMappingExample))).toEqual({
      id: 'thermostat-0042',
      type: 'action.devices.types.THERMOSTAT',
      traits: ['action.devices.traits.TemperatureSetting'],
      name: { defaultNames: ['Acme Thermostat'], name: 'Hallway' },
      willReportState: true,
      deviceInfo: { manufacturer: 'acme', model: 'thermostat' },
      attributes: {
        availableThermostatModes: ['heat', 'eco', 'off'],
        thermostatTemperatureUnit: 'C',
        thermostatTemperatureRange: { minThresholdCelsius: 5, maxThresholdCelsius: 30 },
      },
    });
  });

  it('a bulb is a LIGHT with OnOff, Brightness and ColorSetting in its color model', () => {
    const synced = toGoogleSyncDevice(device(bulb, { id: 'bulb-7' }));
    expect(synced).toMatchObject({
      type: 'action.devices.types.LIGHT',
      traits: [
        'action.devices.traits.OnOff',
        'action.devices.traits.Brightness',
        'action.devices.traits.ColorSetting',
      ],
      attributes: { colorModel: 'rgb' },
    });
  });

  it('a temperature sensor is a SENSOR whose TemperatureSetting is query-only', () => {
    const sensor: AssistantMapping = {
      deviceType: 'temperature-sensor',
      capabilities: { currentTemperature: { property: 'temperature', unit: 'fahrenheit' } },
    };
    const synced = toGoogleSyncDevice(device(sensor));
    expect(synced.type).toBe('action.devices.types.SENSOR');
    expect(synced.attributes).toEqual({
      availableThermostatModes: ['off'],
      thermostatTemperatureUnit: 'F',
      queryOnlyTemperatureSetting: true,
    });
    expect(toGoogleStates(sensor, { currentTemperature: 68 }, true)).toEqual({
      online: true,
      thermostatMode: 'off',
      thermostatTemperatureAmbient: 20,
    });
  });

  it('states carry the values in Google terms: Celsius, the color in the mapping model, online', () => {
    expect(
      toGoogleStates(
        assistantMappingExample,
        { targetTemperature: 21, currentTemperature: 20.6, thermostatMode: 'heat' },
        true,
      ),
    ).toEqual({
      online: true,
      thermostatMode: 'heat',
      thermostatTemperatureSetpoint: 21,
      thermostatTemperatureAmbient: 20.6,
    });
    const red = { hue: 0, saturation: 1, value: 1 };
    expect(toGoogleStates(bulb, { power: true, brightness: 50, color: red }, false)).toEqual({
      online: false,
      on: true,
      brightness: 50,
      color: { spectrumRgb: 0xff0000 },
    });
  });

  it('EXECUTE results with the same outcome share one entry, in the order first met', () => {
    const success = { status: 'SUCCESS' as const, states: { online: true, on: true } };
    expect(
      groupCommandResults([
        { id: '123', result: success },
        { id: '456', result: { status: 'ERROR', errorCode: 'deviceNotFound' } },
        { id: '789', result: success },
      ]),
    ).toEqual([
      { ids: ['123', '789'], ...success },
      { ids: ['456'], status: 'ERROR', errorCode: 'deviceNotFound' },
    ]);
  });
});
