import {
  assistantThermostatModes,
  type AssistantMapping,
  type AssistantThermostatMode,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import {
  capabilityNotSupported,
  type CapabilityChange,
  type CapabilityValues,
} from './assistant-capabilities';

/** A directive Homeport does not handle, or one missing what its interface requires (Alexa INVALID_DIRECTIVE). */
export const invalidDirective = (message: string) =>
  new AppError('invalid', 'ALEXA_DIRECTIVE_INVALID', message);

/** A value of the wrong shape, or one that needs state the device has not reported (Alexa INVALID_VALUE). */
export const invalidValue = (message: string) => new AppError('invalid', 'ALEXA_VALUE_INVALID', message);

type Payload = Record<string, unknown>;
type Unit = 'celsius' | 'fahrenheit';

const isRecord = (value: unknown): value is Payload => typeof value === 'object' && value !== null;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const round = (value: number) => Math.round(value * 100) / 100;

function numberAt(payload: Payload, key: string): number {
  const value = payload[key];
  if (!isNumber(value)) throw invalidDirective(`payload.${key} must be a number`);
  return value;
}

function temperatureAt(payload: Payload, key: string): { value: number; scale: string } {
  const temperature = payload[key];
  if (!isRecord(temperature) || !isNumber(temperature.value) || typeof temperature.scale !== 'string')
    throw invalidDirective(`payload.${key} must be a temperature { value, scale }`);
  return { value: temperature.value, scale: temperature.scale };
}

/** A temperature in Alexa's scale, in the mapping's unit. */
function toUnit({ value, scale }: { value: number; scale: string }, unit: Unit): number {
  const celsius =
    scale === 'CELSIUS'
      ? value
      : scale === 'FAHRENHEIT'
        ? ((value - 32) * 5) / 9
        : scale === 'KELVIN'
          ? value - 273.15
          : NaN;
  if (Number.isNaN(celsius)) throw invalidValue(`unknown temperature scale ${scale}`);
  return round(unit === 'celsius' ? celsius : (celsius * 9) / 5 + 32);
}

/** A temperature difference in Alexa's scale, in the mapping's unit (Kelvin and Celsius degrees are one size). */
function toUnitDelta({ value, scale }: { value: number; scale: string }, unit: Unit): number {
  if (!['CELSIUS', 'FAHRENHEIT', 'KELVIN'].includes(scale))
    throw invalidValue(`unknown temperature scale ${scale}`);
  const inCelsius = scale === 'FAHRENHEIT' ? (value * 5) / 9 : value;
  return round(unit === 'celsius' ? inCelsius : (inCelsius * 9) / 5);
}

function thermostatUnit(mapping: AssistantMapping): Unit {
  const target = mapping.capabilities.targetTemperature;
  if (target === undefined) throw capabilityNotSupported('targetTemperature');
  return target.unit;
}

function readMode(payload: Payload): AssistantThermostatMode {
  const mode = payload.thermostatMode;
  if (!isRecord(mode) || typeof mode.value !== 'string')
    throw invalidDirective('payload.thermostatMode.value is required');
  const name = mode.value.toLowerCase();
  if (!(assistantThermostatModes as readonly string[]).includes(name))
    throw new AppError('invalid', 'MODE_NOT_SUPPORTED', `the device has no ${mode.value} mode`);
  return name as AssistantThermostatMode;
}

function current<K extends keyof CapabilityValues>(
  values: CapabilityValues,
  name: K,
): NonNullable<CapabilityValues[K]> {
  const value = values[name];
  if (value === undefined) throw invalidValue(`the device has not reported its ${name} yet`);
  return value;
}

type Reader = (payload: Payload, mapping: AssistantMapping, values: CapabilityValues) => CapabilityChange;

/**
 * The controller directives Homeport handles, as neutral changes. An adjustment is applied to the value the
 * device last reported.
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/list-of-interfaces.html
 */
const readers: Record<string, Reader> = {
  'Alexa.PowerController.TurnOn': () => ({ power: true }),
  'Alexa.PowerController.TurnOff': () => ({ power: false }),
  'Alexa.BrightnessController.SetBrightness': (payload) => ({ brightness: numberAt(payload, 'brightness') }),
  'Alexa.BrightnessController.AdjustBrightness': (payload, _mapping, values) => ({
    brightness: Math.min(
      100,
      Math.max(0, current(values, 'brightness') + numberAt(payload, 'brightnessDelta')),
    ),
  }),
  'Alexa.ColorController.SetColor': (payload) => {
    const color = payload.color;
    if (
      !isRecord(color) ||
      !isNumber(color.hue) ||
      !isNumber(color.saturation) ||
      !isNumber(color.brightness)
    )
      throw invalidDirective('payload.color must be { hue, saturation, brightness }');
    return { color: { hue: color.hue, saturation: color.saturation, value: color.brightness } };
  },
  'Alexa.ThermostatController.SetTargetTemperature': (payload, mapping) => {
    if (
      payload.targetSetpoint === undefined &&
      (payload.lowerSetpoint !== undefined || payload.upperSetpoint !== undefined)
    )
      throw new AppError('invalid', 'ALEXA_DUAL_SETPOINTS', 'the thermostat has a single setpoint');
    return { targetTemperature: toUnit(temperatureAt(payload, 'targetSetpoint'), thermostatUnit(mapping)) };
  },
  'Alexa.ThermostatController.AdjustTargetTemperature': (payload, mapping, values) => ({
    targetTemperature: round(
      current(values, 'targetTemperature') +
        toUnitDelta(temperatureAt(payload, 'targetSetpointDelta'), thermostatUnit(mapping)),
    ),
  }),
  'Alexa.ThermostatController.SetThermostatMode': (payload) => ({ thermostatMode: readMode(payload) }),
};

/** True for the controller directives Homeport handles (a directive with an endpoint, other than ReportState). */
export function isControlDirective(namespace: string, name: string): boolean {
  return `${namespace}.${name}` in readers;
}

/** The change a controller directive asks for, given the device's mapping and last reported values. */
export function readControlDirective(
  directive: { namespace: string; name: string; payload: Payload },
  mapping: AssistantMapping,
  values: CapabilityValues,
): CapabilityChange {
  const reader = readers[`${directive.namespace}.${directive.name}`];
  if (reader === undefined)
    throw invalidDirective(`${directive.namespace}.${directive.name} is not supported`);
  return reader(directive.payload, mapping, values);
}
