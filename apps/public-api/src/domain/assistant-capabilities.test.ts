import { assistantMappingExample, type AssistantMapping } from '@homeport/contracts';
import { readCapabilityValues, toDesiredPatch, type CapabilityChange } from './assistant-capabilities';

const refusalOf = (mapping: AssistantMapping, change: CapabilityChange): unknown => {
  try {
    toDesiredPatch(mapping, change);
  } catch (error) {
    return error;
  }
  return undefined;
};

const bulb: AssistantMapping = {
  deviceType: 'light',
  capabilities: {
    power: { property: 'state', on: 'ON', off: 'OFF' },
    brightness: { property: 'level', min: 0, max: 254 },
    color: { property: 'rgb', model: 'rgb' },
  },
};

describe('assistant capabilities', () => {
  it("a thermostat's reported state reads as setpoint, temperature and mode, in the mapping's terms", () => {
    const reported = { setpoint: 19.5, temperature: 18.2, mode: 'eco', humidity: 40 };
    expect(readCapabilityValues(assistantMappingExample, reported)).toEqual({
      targetTemperature: 19.5,
      currentTemperature: 18.2,
      thermostatMode: 'eco',
    });
  });

  it("a bulb's device scale reads as percent and its RGB integer as hue, saturation and value", () => {
    expect(readCapabilityValues(bulb, { state: 'ON', level: 127, rgb: 0xff0000 })).toEqual({
      power: true,
      brightness: 50,
      color: { hue: 0, saturation: 1, value: 1 },
    });
  });

  it('values of an unknown shape are left out rather than guessed', () => {
    expect(readCapabilityValues(bulb, { state: 'DIMMED', level: 'high', rgb: -1 })).toEqual({});
  });

  it('a change becomes the merge patch of the device properties, on its own scale', () => {
    expect(
      toDesiredPatch(bulb, { power: false, brightness: 50, color: { hue: 120, saturation: 1, value: 1 } }),
    ).toEqual({
      state: 'OFF',
      level: 127,
      rgb: 0x00ff00,
    });
    expect(
      toDesiredPatch(assistantMappingExample, { targetTemperature: 21, thermostatMode: 'heat' }),
    ).toEqual({
      setpoint: 21,
      mode: 'heat',
    });
  });

  it('a setpoint out of range, an undeclared capability and an unknown mode are refused with their codes', () => {
    expect(refusalOf(assistantMappingExample, { targetTemperature: 35 })).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      details: { capability: 'targetTemperature', min: 5, max: 30 },
    });
    expect(refusalOf(assistantMappingExample, { power: true })).toMatchObject({
      code: 'CAPABILITY_NOT_SUPPORTED',
    });
    expect(refusalOf(assistantMappingExample, { thermostatMode: 'cool' })).toMatchObject({
      code: 'MODE_NOT_SUPPORTED',
    });
  });
});
