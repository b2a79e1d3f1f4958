import type { DeviceReadings } from './ports';

/**
 * The firmware version and battery level a device reports, by convention (the simulator's thermostats,
 * contracts' examples): reported-state property `firmware` (a version string) and reported-state property or
 * telemetry metric `battery` (percent, 0-100). Anything else under those names is ignored.
 */
export function readReadings(values: Readonly<Record<string, unknown>>): DeviceReadings {
  const { firmware, battery } = values;
  return {
    ...(typeof firmware === 'string' && firmware.length > 0 && { firmware: firmware.slice(0, 64) }),
    ...(typeof battery === 'number' && battery >= 0 && battery <= 100 && { battery }),
  };
}
