import { assistantMappingExample, type AssistantMapping } from '@homeport/contracts';
import { readControlDirective } from './alexa-directives';

const light: AssistantMapping = {
  deviceType: 'light',
  capabilities: {
    power: { property: 'on' },
    brightness: { property: 'level' },
    color: { property: 'hsv', model: 'hsv' },
  },
};
const fahrenheitThermostat: AssistantMapping = {
  deviceType: 'thermostat',
  capabilities: { targetTemperature: { property: 'setpoint', unit: 'fahrenheit', min: 45, max: 90 } },
};

const read = (
  namespace: string,
  name: string,
  payload: Record<string, unknown>,
  mapping = light,
  values = {},
) => readControlDirective({ namespace, name, payload }, mapping, values);

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

// The payloads are those of alexa-samples/alexa-smarthome's sample_messages (PowerController,
// BrightnessController, ColorController, ThermostatController) and of
// https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-thermostatcontroller.html.
describe('Alexa controller directives', () => {
  it('TurnOn, TurnOff, SetBrightness and SetColor become neutral changes', () => {
    expect(read('Alexa.PowerController', 'TurnOn', {})).toEqual({ power: true });
    expect(read('Alexa.PowerController', 'TurnOff', {})).toEqual({ power: false });
    expect(read('Alexa.BrightnessController', 'SetBrightness', { brightness: 42 })).toEqual({
      brightness: 42,
    });
    const color = { hue: 350.5, saturation: 0.7138, brightness: 0.6524 };
    expect(read('Alexa.ColorController', 'SetColor', { color })).toEqual({
      color: { hue: 350.5, saturation: 0.7138, value: 0.6524 },
    });
  });

  it('AdjustBrightness moves the reported brightness, within 0-100, and needs one reported', () => {
    expect(
      read('Alexa.BrightnessController', 'AdjustBrightness', { brightnessDelta: -25 }, light, {
        brightness: 60,
      }),
    ).toEqual({
      brightness: 35,
    });
    expect(
      read('Alexa.BrightnessController', 'AdjustBrightness', { brightnessDelta: 50 }, light, {
        brightness: 80,
      }),
    ).toEqual({
      brightness: 100,
    });
    expect(codeOf(() => read('Alexa.BrightnessController', 'AdjustBrightness', { brightnessDelta: 5 }))).toBe(
      'ALEXA_VALUE_INVALID',
    );
  });

  it('SetTargetTemperature 25.0 CELSIUS sets 25 on a Celsius thermostat, 77 on a Fahrenheit one', () => {
    const payload = { targetSetpoint: { value: 25.0, scale: 'CELSIUS' } };
    expect(
      read('Alexa.ThermostatController', 'SetTargetTemperature', payload, assistantMappingExample),
    ).toEqual({
      targetTemperature: 25,
    });
    expect(read('Alexa.ThermostatController', 'SetTargetTemperature', payload, fahrenheitThermostat)).toEqual(
      {
        targetTemperature: 77,
      },
    );
  });

  it('AdjustTargetTemperature -2.0 FAHRENHEIT lowers a Celsius setpoint of 21 by 1.11', () => {
    const payload = { targetSetpointDelta: { value: -2.0, scale: 'FAHRENHEIT' } };
    expect(
      read('Alexa.ThermostatController', 'AdjustTargetTemperature', payload, assistantMappingExample, {
        targetTemperature: 21,
      }),
    ).toEqual({ targetTemperature: 19.89 });
  });

  it('SetThermostatMode COOL asks for cool; a mode Homeport has no name for is MODE_NOT_SUPPORTED', () => {
    expect(
      read('Alexa.ThermostatController', 'SetThermostatMode', { thermostatMode: { value: 'COOL' } }),
    ).toEqual({
      thermostatMode: 'cool',
    });
    const custom = { thermostatMode: { value: 'CUSTOM', customName: 'DEHUMIDIFY' } };
    expect(codeOf(() => read('Alexa.ThermostatController', 'SetThermostatMode', custom))).toBe(
      'MODE_NOT_SUPPORTED',
    );
  });

  it('dual setpoints, a missing value, an unknown scale and an unknown directive are each refused by name', () => {
    const dual = {
      lowerSetpoint: { value: 68, scale: 'FAHRENHEIT' },
      upperSetpoint: { value: 74, scale: 'FAHRENHEIT' },
    };
    expect(
      codeOf(() => read('Alexa.ThermostatController', 'SetTargetTemperature', dual, assistantMappingExample)),
    ).toBe('ALEXA_DUAL_SETPOINTS');
    expect(codeOf(() => read('Alexa.BrightnessController', 'SetBrightness', { brightness: '42' }))).toBe(
      'ALEXA_DIRECTIVE_INVALID',
    );
    const rankine = { targetSetpoint: { value: 500, scale: 'RANKINE' } };
    expect(
      codeOf(() =>
        read('Alexa.ThermostatController', 'SetTargetTemperature', rankine, assistantMappingExample),
      ),
    ).toBe('ALEXA_VALUE_INVALID');
    expect(codeOf(() => read('Alexa.LockController', 'Lock', {}))).toBe('ALEXA_DIRECTIVE_INVALID');
    expect(
      codeOf(() =>
        read('Alexa.ThermostatController', 'SetTargetTemperature', {
          targetSetpoint: { value: 20, scale: 'CELSIUS' },
        }),
      ),
    ).toBe('CAPABILITY_NOT_SUPPORTED');
  });
});
