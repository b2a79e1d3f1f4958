import type { AlexaEvent, AssistantDeviceType } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import { alexaModeOf } from './alexa-properties';
import type { AssistantDevice, AssistantDeviceState } from './assistant-devices';

/** Alexa's display category of each device type. */
const displayCategories: Record<AssistantDeviceType, string> = {
  thermostat: 'THERMOSTAT',
  light: 'LIGHT',
  outlet: 'SMARTPLUG',
  switch: 'SWITCH',
  'temperature-sensor': 'TEMPERATURE_SENSOR',
};

/** One capability of a Discover.Response endpoint: every property is retrievable and proactively reported. */
function capability(namespace: string, names: readonly string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'AlexaInterface',
    interface: namespace,
    version: '3',
    properties: { supported: names.map((name) => ({ name })), proactivelyReported: true, retrievable: true },
    ...extra,
  };
}

/**
 * A device as an endpoint of Alexa.Discovery's Discover.Response: its interfaces from the product's mapping.
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html
 */
export function toAlexaEndpoint(device: AssistantDevice) {
  const { capabilities } = device.mapping;
  const thermostat = [
    ...(capabilities.targetTemperature === undefined ? [] : ['targetSetpoint']),
    ...(capabilities.thermostatMode === undefined ? [] : ['thermostatMode']),
  ];
  const modes = Object.keys(capabilities.thermostatMode?.modes ?? {}) as (keyof NonNullable<
    typeof capabilities.thermostatMode
  >['modes'])[];
  return {
    endpointId: device.id,
    manufacturerName: device.vendorId,
    friendlyName: device.name,
    description: `${device.productName} (Homeport)`,
    displayCategories: [displayCategories[device.mapping.deviceType]],
    capabilities: [
      { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
      ...(capabilities.power === undefined ? [] : [capability('Alexa.PowerController', ['powerState'])]),
      ...(capabilities.brightness === undefined
        ? []
        : [capability('Alexa.BrightnessController', ['brightness'])]),
      ...(capabilities.color === undefined ? [] : [capability('Alexa.ColorController', ['color'])]),
      ...(thermostat.length === 0
        ? []
        : [
            capability('Alexa.ThermostatController', thermostat, {
              configuration: {
                ...(modes.length > 0 && { supportedModes: modes.map(alexaModeOf) }),
                supportsScheduling: false,
              },
            }),
          ]),
      ...(capabilities.currentTemperature === undefined
        ? []
        : [capability('Alexa.TemperatureSensor', ['temperature'])]),
      capability('Alexa.EndpointHealth', ['connectivity']),
    ],
  };
}

/**
 * The device as Discover lists it, for Alexa to add or update (its name, its interfaces).
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html#addorupdatereport-event
 */
export function addOrUpdateReport(state: AssistantDeviceState): AlexaEvent {
  return {
    event: {
      header: {
        namespace: 'Alexa.Discovery',
        name: 'AddOrUpdateReport',
        payloadVersion: '3',
        messageId: randomUUID(),
      },
      payload: { endpoints: [toAlexaEndpoint(state.device)] },
    },
  };
}

/**
 * The endpoints for Alexa to forget (at most 300 an event, the interface's limit per customer).
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html#deletereport-event
 */
export function deleteReport(endpointIds: readonly string[]): AlexaEvent {
  return {
    event: {
      header: {
        namespace: 'Alexa.Discovery',
        name: 'DeleteReport',
        payloadVersion: '3',
        messageId: randomUUID(),
      },
      payload: { endpoints: endpointIds.map((endpointId) => ({ endpointId })) },
    },
  };
}
