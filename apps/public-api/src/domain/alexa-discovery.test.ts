import { assistantMappingExample } from '@homeport/contracts';
import { toAlexaEndpoint } from './alexa-discovery';
import type { AssistantDevice } from './assistant-devices';

const thermostat: AssistantDevice = {
  id: 'thermostat-0042',
  vendorId: 'acme',
  productId: 'acme-t1',
  homeId: 'home-1',
  name: 'Hallway thermostat',
  productName: 'Acme T1',
  mapping: assistantMappingExample,
  online: true,
};

const retrievable = { proactivelyReported: true, retrievable: true };

describe('Alexa discovery', () => {
  it('a thermostat is a THERMOSTAT endpoint with its setpoint, modes, temperature sensor and health', () => {
    // Shapes as in https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-thermostatcontroller.html
    // (Discovery example) and alexa-samples/alexa-smarthome sample_messages/Discovery/Discovery.response.json.
    expect(toAlexaEndpoint(thermostat)).toEqual({
      endpointId: 'thermostat-0042',
      manufacturerName: 'acme',
      friendlyName: 'Hallway thermostat',
      description: 'Acme T1 (Homeport)',
      displayCategories: ['THERMOSTAT'],
      capabilities: [
        { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
        {
          type: 'AlexaInterface',
          interface: 'Alexa.ThermostatController',
          version: '3',
          properties: { supported: [{ name: 'targetSetpoint' }, { name: 'thermostatMode' }], ...retrievable },
          configuration: { supportedModes: ['HEAT', 'ECO', 'OFF'], supportsScheduling: false },
        },
        {
          type: 'AlexaInterface',
          interface: 'Alexa.TemperatureSensor',
          version: '3',
          properties: { supported: [{ name: 'temperature' }], ...retrievable },
        },
        {
          type: 'AlexaInterface',
          interface: 'Alexa.EndpointHealth',
          version: '3',
          properties: { supported: [{ name: 'connectivity' }], ...retrievable },
        },
      ],
    });
  });

  it('a dimmable colour bulb is a LIGHT with power, brightness and colour; a plug is a SMARTPLUG with power', () => {
    const bulb = toAlexaEndpoint({
      ...thermostat,
      mapping: {
        deviceType: 'light',
        capabilities: {
          power: { property: 'on' },
          brightness: { property: 'level', min: 0, max: 254 },
          color: { property: 'rgb', model: 'rgb' },
        },
      },
    });
    expect(bulb.displayCategories).toEqual(['LIGHT']);
    expect(bulb.capabilities.map((capability) => capability.interface)).toEqual([
      'Alexa',
      'Alexa.PowerController',
      'Alexa.BrightnessController',
      'Alexa.ColorController',
      'Alexa.EndpointHealth',
    ]);
    const plug = toAlexaEndpoint({
      ...thermostat,
      mapping: { deviceType: 'outlet', capabilities: { power: { property: 'relay' } } },
    });
    expect(plug.displayCategories).toEqual(['SMARTPLUG']);
    expect(plug.capabilities.map((capability) => capability.interface)).toEqual([
      'Alexa',
      'Alexa.PowerController',
      'Alexa.EndpointHealth',
    ]);
  });
});
