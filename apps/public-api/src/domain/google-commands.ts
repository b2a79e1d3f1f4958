import {
  assistantThermostatModes,
  type AssistantMapping,
  type AssistantThermostatMode,
  type GoogleExecution,
} from '@homeport/contracts';
import { rgbToHsv, type CapabilityChange, type HsvColor } from './assistant-capabilities';
import { commandNotSupported, commandParamsInvalid } from './google-errors';
import { fromCelsius } from './google-traits';

/**
 * Google's EXECUTE commands as neutral capability changes
 * (https://developers.home.google.com/cloud-to-cloud/traits/onoff, .../brightness, .../colorsetting,
 * .../temperaturesetting). The ranges are checked by toDesiredPatch, against the product's mapping.
 */
const prefix = 'action.devices.commands.';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function readNumber(execution: GoogleExecution, name: string): number {
  const value = execution.params?.[name];
  if (!isNumber(value)) throw commandParamsInvalid(execution.command, `${name} must be a number`);
  return value;
}

/** ColorAbsolute sends spectrumHSV (hsv model) or spectrumRGB (rgb model), whatever the device stores. */
function readColor(execution: GoogleExecution): HsvColor {
  const color = execution.params?.color;
  const { spectrumHSV, spectrumRGB } = (typeof color === 'object' && color !== null ? color : {}) as {
    spectrumHSV?: { hue?: unknown; saturation?: unknown; value?: unknown };
    spectrumRGB?: unknown;
  };
  if (spectrumHSV !== undefined) {
    const { hue, saturation, value } = spectrumHSV;
    if (isNumber(hue) && isNumber(saturation) && isNumber(value)) return { hue, saturation, value };
  }
  if (isNumber(spectrumRGB) && Number.isInteger(spectrumRGB) && spectrumRGB >= 0 && spectrumRGB <= 0xffffff)
    return rgbToHsv(spectrumRGB);
  throw commandParamsInvalid(execution.command, 'color needs spectrumHSV or spectrumRGB');
}

function readMode(execution: GoogleExecution): AssistantThermostatMode {
  const mode = execution.params?.thermostatMode;
  if (typeof mode !== 'string')
    throw commandParamsInvalid(execution.command, 'thermostatMode must be a string');
  const known = assistantThermostatModes.find((candidate) => candidate === mode);
  // Google's other modes (on, heatcool, fan-only, dry, ...) are none a Homeport mapping can declare.
  if (known === undefined) throw commandParamsInvalid(execution.command, `the mode ${mode} is not supported`);
  return known;
}

/** One execution as the change it asks of a device with this mapping; AppError invalid when it cannot be. */
export function toCapabilityChange(execution: GoogleExecution, mapping: AssistantMapping): CapabilityChange {
  const name = execution.command.startsWith(prefix) ? execution.command.slice(prefix.length) : undefined;
  switch (name) {
    case 'OnOff': {
      const on = execution.params?.on;
      if (typeof on !== 'boolean') throw commandParamsInvalid(execution.command, 'on must be a boolean');
      return { power: on };
    }
    case 'BrightnessAbsolute':
      return { brightness: readNumber(execution, 'brightness') };
    case 'ColorAbsolute':
      return { color: readColor(execution) };
    case 'ThermostatTemperatureSetpoint': {
      const celsius = readNumber(execution, 'thermostatTemperatureSetpoint');
      const unit = mapping.capabilities.targetTemperature?.unit ?? 'celsius';
      return { targetTemperature: fromCelsius(celsius, unit) };
    }
    case 'ThermostatSetMode':
      return { thermostatMode: readMode(execution) };
    default:
      throw commandNotSupported(execution.command);
  }
}
