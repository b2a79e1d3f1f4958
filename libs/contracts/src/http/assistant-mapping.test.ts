import { compileValidator } from '../validation';
import { AssistantMapping, assistantMappingExample, findAssistantMappingProblems } from './assistant-mapping';

const thermostatFeatures = ['setpoint', 'temperature', 'mode'];

describe('assistant mapping contract', () => {
  it('the thermostat example validates and fits a thermostat product', () => {
    expect(compileValidator(AssistantMapping).explain(assistantMappingExample)).toEqual([]);
    expect(findAssistantMappingProblems(assistantMappingExample, thermostatFeatures)).toEqual([]);
  });

  it('an unknown capability, device type or mode is refused by the schema, naming it', () => {
    const validator = compileValidator(AssistantMapping);
    expect(validator.explain({ ...assistantMappingExample, deviceType: 'toaster' }).join()).toMatch(
      /deviceType/,
    );
    const withVolume = { ...assistantMappingExample, capabilities: { volume: { property: 'volume' } } };
    expect(validator.explain(withVolume).join()).toMatch(/volume/);
    const dryMode = { property: 'mode', modes: { dry: 'dry' } };
    const withDry = { ...assistantMappingExample, capabilities: { thermostatMode: dryMode } };
    expect(validator.explain(withDry).join()).toMatch(/dry/);
  });

  it('a property that is not a feature of the product is named at its path', () => {
    expect(findAssistantMappingProblems(assistantMappingExample, ['setpoint', 'mode'])).toEqual([
      {
        path: '/capabilities/currentTemperature/property',
        message: 'temperature is not a feature of the product',
      },
    ]);
  });

  it('inverted ranges, on equal to off, a mode value used twice and a useless type are each named', () => {
    const bulb: AssistantMapping = {
      deviceType: 'light',
      capabilities: {
        power: { property: 'on', on: 1, off: 1 },
        brightness: { property: 'level', min: 254, max: 1 },
      },
    };
    expect(findAssistantMappingProblems(bulb, ['on', 'level']).map((problem) => problem.path)).toEqual([
      '/capabilities/brightness/max',
      '/capabilities/power/off',
    ]);
    const twoModesOneValue: AssistantMapping = {
      deviceType: 'thermostat',
      capabilities: { thermostatMode: { property: 'mode', modes: { heat: 'on', auto: 'on' } } },
    };
    expect(findAssistantMappingProblems(twoModesOneValue, ['mode'])).toEqual([
      { path: '/capabilities/thermostatMode/modes', message: 'each mode needs its own value' },
    ]);
    const plugWithoutPower: AssistantMapping = {
      deviceType: 'outlet',
      capabilities: { currentTemperature: { property: 'temperature', unit: 'celsius' } },
    };
    expect(findAssistantMappingProblems(plugWithoutPower, ['temperature'])).toEqual([
      { path: '/capabilities', message: 'the device type outlet needs at least one of power' },
    ]);
  });
});
