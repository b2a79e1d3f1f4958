import { createBrokerApiClient } from './broker-api-client';
import { settleConcurrently } from './concurrency';
import { openDeviceSession, type DeviceSession } from './device-session';
import type { ErrorLog } from './error-log';
import {
  buildDeviceIds,
  ensureThermostatProduct,
  provisionDevice,
  type ClaimableDevice,
  type ProvisionedDevice,
} from './provisioning';
import { seedFromText } from './random';
import { createThermostat } from './thermostat';

/** Which devices, where. */
export interface FleetOptions {
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly mqttUrl: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly devices: number;
  /** Device ids are `<prefix>-0001`, ... */
  readonly deviceIdPrefix: string;
  /** Provisioning requests and MQTT connects at once; default 20. */
  readonly concurrency?: number;
  /** Same seed and device ids: same thermostat values; default 0. */
  readonly seed?: number;
  /** Aborting stops provisioning and connecting more devices. */
  readonly signal?: AbortSignal;
}

/** Registers the vendor, product and devices; a device that fails is logged and left out. */
export async function provisionFleet(
  options: FleetOptions,
  errors: ErrorLog,
  onProvisioned: () => void,
): Promise<ClaimableDevice[]> {
  const api = createBrokerApiClient({ baseUrl: options.apiUrl, token: options.apiToken });
  const { vendorId, productId } = options;
  try {
    await ensureThermostatProduct(api, { vendorId, productId });
  } catch (error) {
    errors.add(`provisioning ${vendorId}/${productId}: ${describe(error)}`);
    return [];
  }
  const ids = buildDeviceIds(options.deviceIdPrefix, options.devices);
  const outcomes = await settleConcurrently(
    ids,
    options.concurrency ?? 20,
    async (deviceId) => {
      const device = await provisionDevice(api, { vendorId, productId, deviceId });
      onProvisioned();
      return device;
    },
    () => options.signal?.aborted === true,
  );
  return collect(outcomes, ids, 'provisioning', errors);
}

/** Connects every device and subscribes it to its desired state; one that fails is logged and left out. */
export async function connectFleet(
  devices: readonly ProvisionedDevice[],
  options: FleetOptions,
  errors: ErrorLog,
  sessions: DeviceSession[],
): Promise<void> {
  const outcomes = await settleConcurrently(
    devices,
    options.concurrency ?? 20,
    async (device) => {
      const thermostat = createThermostat({
        seed: seedFromText(`${options.seed ?? 0}:${device.deviceId}`),
        startMs: Date.now(),
      });
      const session = await openDeviceSession({
        mqttUrl: options.mqttUrl,
        device,
        thermostat,
        onError: (message) => {
          errors.add(message);
        },
      });
      sessions.push(session);
      return session;
    },
    () => options.signal?.aborted === true,
  );
  collect(
    outcomes,
    devices.map((device) => device.deviceId),
    'connecting',
    errors,
  );
}

function collect<R>(
  outcomes: readonly (PromiseSettledResult<R> | undefined)[],
  ids: readonly string[],
  what: string,
  errors: ErrorLog,
): R[] {
  const done: R[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome?.status === 'fulfilled') done.push(outcome.value);
    else if (outcome?.status === 'rejected')
      errors.add(`${ids[index] ?? '?'}: ${what}: ${describe(outcome.reason)}`);
  });
  return done;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
