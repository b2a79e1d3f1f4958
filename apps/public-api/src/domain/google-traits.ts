import type {
  AssistantMapping,
  GoogleDeviceStates,
  GoogleSyncDevice,
  GoogleCommandResult,
} from '@homeport/contracts';
import { hsvToRgb, type CapabilityValues } from './assistant-capabilities';
import type { AssistantDevice } from './assistant-devices';

/**
 * Homeport's neutral assistant devices in Google's terms: device types, traits and their attributes
 * (https://developers.home.google.com/cloud-to-cloud/traits), and states. Google speaks Celsius for every
 * temperature whatever unit it shows (TemperatureSetting: thermostatTemperatureUnit is for display).
 */
const deviceTypes: Record<AssistantMapping['deviceType'], GoogleSyncDevice['type']> = {
  thermostat: 'action.devices.types.THERMOSTAT',
  light: 'action.devices.types.LIGHT',
  outlet: 'action.devices.types.OUTLET',
  switch: 'action.devices.types.SWITCH',
  'temperature-sensor': 'action.devices.types.SENSOR',
};

/** A thermostat whose mapping has no modes is "on" (heats or cools to its setpoint); a sensor is "off". */
const modelessThermostatMode = 'on';
const sensorMode = 'off';

type Unit = 'celsius' | 'fahrenheit';
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

/** A device temperature in Celsius (Google's unit), to a tenth. */
export function toCelsius(value: number, unit: Unit): number {
  return unit === 'celsius' ? value : roundTo(((value - 32) * 5) / 9, 0.1);
}

/** A Celsius temperature (Google's) in the device's unit, to a tenth. */
export function fromCelsius(value: number, unit: Unit): number {
  return unit === 'celsius' ? value : roundTo((value * 9) / 5 + 32, 0.1);
}

function hasTemperatureSetting(mapping: AssistantMapping): boolean {
  const { targetTemperature, currentTemperature, thermostatMode } = mapping.capabilities;
  return targetTemperature !== undefined || currentTemperature !== undefined || thermostatMode !== undefined;
}

function isQueryOnly(mapping: AssistantMapping): boolean {
  const { targetTemperature, thermostatMode } = mapping.capabilities;
  return targetTemperature === undefined && thermostatMode === undefined;
}

function temperatureAttributes(mapping: AssistantMapping): GoogleSyncDevice['attributes'] {
  const { targetTemperature, currentTemperature, thermostatMode } = mapping.capabilities;
  const unit = targetTemperature?.unit ?? currentTemperature?.unit ?? 'celsius';
  const queryOnly = isQueryOnly(mapping);
  const modes = thermostatMode
    ? Object.keys(thermostatMode.modes)
    : [queryOnly ? sensorMode : modelessThermostatMode];
  return {
    availableThermostatModes: modes,
    thermostatTemperatureUnit: unit === 'celsius' ? 'C' : 'F',
    ...(targetTemperature && {
      thermostatTemperatureRange: {
        minThresholdCelsius: toCelsius(targetTemperature.min, unit),
        maxThresholdCelsius: toCelsius(targetTemperature.max, unit),
      },
    }),
    ...(queryOnly && { queryOnlyTemperatureSetting: true }),
  };
}

/** A device of the SYNC answer: its type, the traits its mapping declares and their attributes. */
export function toGoogleSyncDevice(device: AssistantDevice): GoogleSyncDevice {
  const { mapping } = device;
  const { power, brightness, color } = mapping.capabilities;
  const traits: GoogleSyncDevice['traits'] = [];
  if (power) traits.push('action.devices.traits.OnOff');
  if (brightness) traits.push('action.devices.traits.Brightness');
  if (color) traits.push('action.devices.traits.ColorSetting');
  const temperature = hasTemperatureSetting(mapping);
  if (temperature) traits.push('action.devices.traits.TemperatureSetting');
  return {
    id: device.id,
    type: deviceTypes[mapping.deviceType],
    traits,
    name: { defaultNames: [device.productName], name: device.name },
    // Homeport reports every state change and presence to HomeGraph (the google-home-graph consumer).
    willReportState: true,
    deviceInfo: { manufacturer: device.vendorId, model: device.productId },
    attributes: {
      ...(color && { colorModel: color.model }),
      ...(temperature && temperatureAttributes(mapping)),
    },
  };
}

/** What a device's values are in Google's states, per its mapping; `online` from presence. */
export function toGoogleStates(
  mapping: AssistantMapping,
  values: CapabilityValues,
  online: boolean,
): GoogleDeviceStates {
  const { targetTemperature, currentTemperature, thermostatMode, color } = mapping.capabilities;
  const states: { -readonly [K in keyof GoogleDeviceStates]: GoogleDeviceStates[K] } = { online };
  if (values.power !== undefined) states.on = values.power;
  if (values.brightness !== undefined) states.brightness = Math.max(0, Math.min(100, values.brightness));
  if (values.color !== undefined) {
    states.color =
      color?.model === 'rgb' ? { spectrumRgb: hsvToRgb(values.color) } : { spectrumHsv: values.color };
  }
  if (hasTemperatureSetting(mapping)) {
    const fixedMode = isQueryOnly(mapping) ? sensorMode : modelessThermostatMode;
    const mode = thermostatMode ? values.thermostatMode : fixedMode;
    if (mode !== undefined) states.thermostatMode = mode;
  }
  if (values.targetTemperature !== undefined && targetTemperature)
    states.thermostatTemperatureSetpoint = toCelsius(values.targetTemperature, targetTemperature.unit);
  if (values.currentTemperature !== undefined && currentTemperature)
    states.thermostatTemperatureAmbient = toCelsius(values.currentTemperature, currentTemperature.unit);
  return states;
}

/**
 * EXECUTE results grouped as Google's docs show them: the devices with one and the same outcome (status,
 * states, error) share an entry, in the order they were first met.
 */
export function groupCommandResults(
  results: readonly { readonly id: string; readonly result: Omit<GoogleCommandResult, 'ids'> }[],
): GoogleCommandResult[] {
  const groups = new Map<string, GoogleCommandResult & { ids: string[] }>();
  for (const { id, result } of results) {
    const key = JSON.stringify([result.status, result.errorCode, result.states]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { ids: [id], ...result });
    else if (!group.ids.includes(id)) group.ids.push(id);
  }
  return [...groups.values()];
}
