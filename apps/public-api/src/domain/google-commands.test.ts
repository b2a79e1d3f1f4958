import { assistantMappingExample, type AssistantMapping } from '@homeport/contracts';
import { toCapabilityChange } from './google-commands';

const fahrenheit: AssistantMapping = {
  deviceType: 'thermostat',
  capabilities: { targetTemperature: { property: 'setpoint', unit: 'fahrenheit', min: 41, max: 86 } },
};

describe("Google's EXECUTE commands as capability changes", () => {
  // Params as in https://developers.home.google.com/cloud-to-cloud/traits (each trait's EXECUTE example).
  it('OnOff, BrightnessAbsolute, ColorAbsolute (HSV or RGB), ThermostatSetMode become neutral changes', () => {
    const change = (command: string, params: Record<string, unknown>) =>
      toCapabilityChange({ command: `action.devices.commands.${command}`, params }, assistantMappingExample);
    expect(change('OnOff', { on: true })).toEqual({ power: true });
    expect(change('BrightnessAbsolute', { brightness: 65 })).toEqual({ brightness: 65 });
    expect(
      change('ColorAbsolute', {
        color: { name: 'magenta', spectrumHSV: { hue: 300, saturation: 1, value: 1 } },
      }),
    ).toEqual({ color: { hue: 300, saturation: 1, value: 1 } });
    expect(change('ColorAbsolute', { color: { name: 'red', spectrumRGB: 16711680 } })).toEqual({
      color: { hue: 0, saturation: 1, value: 1 },
    });
    expect(change('ThermostatSetMode', { thermostatMode: 'eco' })).toEqual({ thermostatMode: 'eco' });
  });

  it('ThermostatTemperatureSetpoint is in Celsius: a Fahrenheit device gets its own unit', () => {
    const command = 'action.devices.commands.ThermostatTemperatureSetpoint';
    expect(
      toCapabilityChange({ command, params: { thermostatTemperatureSetpoint: 22 } }, assistantMappingExample),
    ).toEqual({ targetTemperature: 22 });
    expect(
      toCapabilityChange({ command, params: { thermostatTemperatureSetpoint: 21 } }, fahrenheit),
    ).toEqual({
      targetTemperature: 69.8,
    });
  });

  it('an unknown command is COMMAND_NOT_SUPPORTED; a missing or mistyped param, or a mode Homeport lacks, COMMAND_PARAMS_INVALID', () => {
    const refusal = (command: string, params?: Record<string, unknown>) => {
      try {
        toCapabilityChange({ command, ...(params && { params }) }, assistantMappingExample);
      } catch (error) {
        return (error as { code: string }).code;
      }
      throw new Error(`${command} was accepted`);
    };
    expect(refusal('action.devices.commands.LockUnlock', { lock: true })).toBe('COMMAND_NOT_SUPPORTED');
    expect(refusal('action.devices.commands.OnOff')).toBe('COMMAND_PARAMS_INVALID');
    expect(refusal('action.devices.commands.BrightnessAbsolute', { brightness: '50' })).toBe(
      'COMMAND_PARAMS_INVALID',
    );
    expect(refusal('action.devices.commands.ThermostatSetMode', { thermostatMode: 'fan-only' })).toBe(
      'COMMAND_PARAMS_INVALID',
    );
  });
});
