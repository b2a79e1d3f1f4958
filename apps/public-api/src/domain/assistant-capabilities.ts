import type { AssistantMapping, AssistantThermostatMode } from '@homeport/contracts';
import { AppError } from '@homeport/errors';

/** A color as both assistants speak it: hue 0-360, saturation and value 0-1. */
export interface HsvColor {
  readonly hue: number;
  readonly saturation: number;
  readonly value: number;
}

/**
 * A device's state in the assistants' neutral terms: brightness in percent (0-100), temperatures in the
 * mapping's unit. Only what the mapping declares and the device has reported is present.
 */
export interface CapabilityValues {
  readonly power?: boolean;
  readonly brightness?: number;
  readonly color?: HsvColor;
  readonly targetTemperature?: number;
  readonly currentTemperature?: number;
  readonly thermostatMode?: AssistantThermostatMode;
}

/** One change an assistant asks for, in the same terms (brightness in percent). */
export type CapabilityChange = Partial<Omit<CapabilityValues, 'currentTemperature'>>;

/** A capability an assistant named that the product's mapping does not declare (Alexa INVALID_DIRECTIVE). */
export const capabilityNotSupported = (capability: string) =>
  new AppError('invalid', 'CAPABILITY_NOT_SUPPORTED', `the device has no ${capability} capability`);

/** A value outside what the device accepts; details carry the valid range (Alexa VALUE_OUT_OF_RANGE). */
export const valueOutOfRange = (capability: string, min: number, max: number) =>
  new AppError('invalid', 'VALUE_OUT_OF_RANGE', `${capability} must be between ${min} and ${max}`, {
    details: { capability, min, max },
  });

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const lookUp = (state: Record<string, unknown>, property: string) => state[property];
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** An integer 0xRRGGBB as an HSV color. */
export function rgbToHsv(rgb: number): HsvColor {
  const [r, g, b] = [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255].map((channel) => channel / 255) as [
    number,
    number,
    number,
  ];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  const sector =
    delta === 0
      ? 0
      : max === r
        ? ((g - b) / delta + 6) % 6
        : max === g
          ? (b - r) / delta + 2
          : (r - g) / delta + 4;
  return {
    hue: round(sector * 60, 2),
    saturation: max === 0 ? 0 : round(delta / max, 4),
    value: round(max, 4),
  };
}

/** An HSV color as an integer 0xRRGGBB (Google's spectrumRgb, a mapping's rgb model). */
export function hsvToRgb({ hue, saturation, value }: HsvColor): number {
  const channel = (n: number) => {
    const k = (n + hue / 60) % 6;
    return Math.round(255 * (value - value * saturation * Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return (channel(5) << 16) | (channel(3) << 8) | channel(1);
}

function readColor(raw: unknown, model: 'hsv' | 'rgb'): HsvColor | undefined {
  if (model === 'rgb') return isNumber(raw) && raw >= 0 && raw <= 0xffffff ? rgbToHsv(raw) : undefined;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { hue, saturation, value } = raw as Record<string, unknown>;
  return isNumber(hue) && isNumber(saturation) && isNumber(value) ? { hue, saturation, value } : undefined;
}

/** The capability values a reported state holds, per the product's mapping (unknown shapes left out). */
export function readCapabilityValues(
  mapping: AssistantMapping,
  reported: Record<string, unknown>,
): CapabilityValues {
  const { power, brightness, color, targetTemperature, currentTemperature, thermostatMode } =
    mapping.capabilities;
  const values: { -readonly [K in keyof CapabilityValues]: CapabilityValues[K] } = {};
  if (power !== undefined) {
    const raw = lookUp(reported, power.property);
    if (raw === (power.on ?? true)) values.power = true;
    else if (raw === (power.off ?? false)) values.power = false;
  }
  if (brightness !== undefined) {
    const raw = lookUp(reported, brightness.property);
    const [min, max] = [brightness.min ?? 0, brightness.max ?? 100];
    if (isNumber(raw)) values.brightness = Math.round(((raw - min) / (max - min)) * 100);
  }
  if (color !== undefined) {
    const read = readColor(lookUp(reported, color.property), color.model);
    if (read !== undefined) values.color = read;
  }
  const target = targetTemperature && lookUp(reported, targetTemperature.property);
  if (isNumber(target)) values.targetTemperature = target;
  const current = currentTemperature && lookUp(reported, currentTemperature.property);
  if (isNumber(current)) values.currentTemperature = current;
  if (thermostatMode !== undefined) {
    const raw = lookUp(reported, thermostatMode.property);
    const found = Object.entries(thermostatMode.modes).find(([, value]) => value === raw);
    if (found !== undefined) values.thermostatMode = found[0] as AssistantThermostatMode;
  }
  return values;
}

/**
 * The desired-state merge patch for a change, per the mapping: refused (AppError invalid) when the mapping
 * does not declare a capability, a value is out of the device's range, or the device has no such mode.
 */
export function toDesiredPatch(mapping: AssistantMapping, change: CapabilityChange): Record<string, unknown> {
  const declared = mapping.capabilities;
  const patch: Record<string, unknown> = {};
  const need = <K extends keyof AssistantMapping['capabilities']>(name: K) => {
    const capability = declared[name];
    if (capability === undefined) throw capabilityNotSupported(name);
    return capability as NonNullable<AssistantMapping['capabilities'][K]>;
  };
  if (change.power !== undefined) {
    const power = need('power');
    patch[power.property] = change.power ? (power.on ?? true) : (power.off ?? false);
  }
  if (change.brightness !== undefined) {
    const brightness = need('brightness');
    if (change.brightness < 0 || change.brightness > 100) throw valueOutOfRange('brightness', 0, 100);
    const [min, max] = [brightness.min ?? 0, brightness.max ?? 100];
    patch[brightness.property] = round(min + ((max - min) * change.brightness) / 100, 2);
  }
  if (change.color !== undefined) {
    const color = need('color');
    const { hue, saturation, value } = change.color;
    if (hue < 0 || hue > 360) throw valueOutOfRange('hue', 0, 360);
    if (saturation < 0 || saturation > 1) throw valueOutOfRange('saturation', 0, 1);
    if (value < 0 || value > 1) throw valueOutOfRange('value', 0, 1);
    patch[color.property] = color.model === 'rgb' ? hsvToRgb(change.color) : { hue, saturation, value };
  }
  if (change.targetTemperature !== undefined) {
    const target = need('targetTemperature');
    if (change.targetTemperature < target.min || change.targetTemperature > target.max)
      throw valueOutOfRange('targetTemperature', target.min, target.max);
    patch[target.property] = change.targetTemperature;
  }
  if (change.thermostatMode !== undefined) {
    const thermostatMode = need('thermostatMode');
    const value = thermostatMode.modes[change.thermostatMode];
    if (value === undefined)
      throw new AppError('invalid', 'MODE_NOT_SUPPORTED', `the device has no ${change.thermostatMode} mode`, {
        details: { supported: Object.keys(thermostatMode.modes) },
      });
    patch[thermostatMode.property] = value;
  }
  return patch;
}
