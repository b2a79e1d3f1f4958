import type { AlexaProperty, AssistantMapping, AssistantThermostatMode } from '@homeport/contracts';
import type { CapabilityValues } from './assistant-capabilities';
import type { AssistantDeviceState } from './assistant-devices';

/** Alexa's temperature scale of a mapping's unit. */
export const alexaScaleOf = (unit: 'celsius' | 'fahrenheit') =>
  unit === 'celsius' ? 'CELSIUS' : 'FAHRENHEIT';

/** Alexa's thermostat mode names, and back. */
export const alexaModeOf = (mode: AssistantThermostatMode) => mode.toUpperCase();

/** When a value was read, and how long ago it was confirmed by the device (Alexa's uncertainty). */
export interface Sample {
  readonly at: Date;
  readonly uncertaintyMs: number;
}

/** The sample of a device's last report as seen at `now`; a device that never reported is as uncertain as `now`. */
export function sampleOf(reportedAt: Date | null, now: Date): Sample {
  if (reportedAt === null) return { at: now, uncertaintyMs: 0 };
  return { at: reportedAt, uncertaintyMs: Math.max(0, now.getTime() - reportedAt.getTime()) };
}

type ValueProperty = Omit<AlexaProperty, 'timeOfSample' | 'uncertaintyInMilliseconds'>;

/** The Alexa properties of capability values (only those the mapping declares and the values hold). */
function valueProperties(mapping: AssistantMapping, values: CapabilityValues): ValueProperty[] {
  const { capabilities } = mapping;
  const properties: ValueProperty[] = [];
  if (values.power !== undefined)
    properties.push({
      namespace: 'Alexa.PowerController',
      name: 'powerState',
      value: values.power ? 'ON' : 'OFF',
    });
  if (values.brightness !== undefined)
    properties.push({
      namespace: 'Alexa.BrightnessController',
      name: 'brightness',
      value: values.brightness,
    });
  if (values.color !== undefined) {
    const { hue, saturation, value } = values.color;
    properties.push({
      namespace: 'Alexa.ColorController',
      name: 'color',
      value: { hue, saturation, brightness: value },
    });
  }
  if (values.targetTemperature !== undefined && capabilities.targetTemperature !== undefined)
    properties.push({
      namespace: 'Alexa.ThermostatController',
      name: 'targetSetpoint',
      value: { value: values.targetTemperature, scale: alexaScaleOf(capabilities.targetTemperature.unit) },
    });
  if (values.thermostatMode !== undefined)
    properties.push({
      namespace: 'Alexa.ThermostatController',
      name: 'thermostatMode',
      value: alexaModeOf(values.thermostatMode),
    });
  if (values.currentTemperature !== undefined && capabilities.currentTemperature !== undefined)
    properties.push({
      namespace: 'Alexa.TemperatureSensor',
      name: 'temperature',
      value: { value: values.currentTemperature, scale: alexaScaleOf(capabilities.currentTemperature.unit) },
    });
  return properties;
}

const sampled = (properties: readonly ValueProperty[], sample: Sample): AlexaProperty[] =>
  properties.map((property) => ({
    ...property,
    timeOfSample: sample.at.toISOString(),
    uncertaintyInMilliseconds: sample.uncertaintyMs,
  }));

/** Alexa.EndpointHealth's connectivity: what presence says now. */
export function connectivityProperty(online: boolean, sample: Sample): AlexaProperty {
  const [property] = sampled(
    [
      {
        namespace: 'Alexa.EndpointHealth',
        name: 'connectivity',
        value: { value: online ? 'OK' : 'UNREACHABLE' },
      },
    ],
    sample,
  );
  return property as AlexaProperty;
}

/**
 * A device's state as Alexa's context properties (ReportState, ChangeReport): each value sampled at the
 * device's last report, uncertain by how long ago that was; connectivity as of `now`.
 */
export function toAlexaProperties(state: AssistantDeviceState, now: Date): AlexaProperty[] {
  return [
    ...sampled(valueProperties(state.device.mapping, state.values), sampleOf(state.reportedAt, now)),
    connectivityProperty(state.device.online, { at: now, uncertaintyMs: 0 }),
  ];
}

/**
 * The properties a controller's Response carries: the state the device confirmed; or, unconfirmed, the
 * accepted values sampled now but uncertain by the time since the device last confirmed anything (Alexa:
 * "the number of milliseconds that have elapsed since the property value was last confirmed").
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-response.html
 */
export function toResponseProperties(
  state: AssistantDeviceState,
  accepted: CapabilityValues,
  confirmed: boolean,
  now: Date,
): AlexaProperty[] {
  if (confirmed) return toAlexaProperties(state, now);
  const { mapping } = state.device;
  const stale = sampleOf(state.reportedAt, now);
  const pending: Sample = { at: now, uncertaintyMs: stale.uncertaintyMs };
  const acceptedNames = new Set(valueProperties(mapping, accepted).map((property) => property.name));
  const unchanged = valueProperties(mapping, state.values).filter(
    (property) => !acceptedNames.has(property.name),
  );
  return [
    ...sampled(valueProperties(mapping, accepted), pending),
    ...sampled(unchanged, stale),
    connectivityProperty(state.device.online, { at: now, uncertaintyMs: 0 }),
  ];
}

/** The Alexa properties of the capabilities `changed` holds (a ChangeReport's payload.change). */
export function changedProperties(
  mapping: AssistantMapping,
  changed: CapabilityValues,
  sample: Sample,
): AlexaProperty[] {
  return sampled(valueProperties(mapping, changed), sample);
}
