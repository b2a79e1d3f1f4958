import { BrokerApiError, type BrokerApiClient } from './broker-api-client';

/** A device registered through the API, with the secret it logs in with. */
export interface ProvisionedDevice {
  readonly vendorId: string;
  readonly productId: string;
  readonly deviceId: string;
  readonly secret: string;
}

/** A device the simulator provisioned, with the code an owner claims it with (null: it is claimed already). */
export interface ClaimableDevice extends ProvisionedDevice {
  readonly claimCode: string | null;
}

/** Where a device belongs. */
export interface DeviceAddress {
  readonly vendorId: string;
  readonly productId: string;
  readonly deviceId: string;
}

/** The state properties a simulated thermostat reports and accepts. */
export const thermostatFeatures = [
  'temperature',
  'setpoint',
  'mode',
  'humidity',
  'battery',
  'heating',
  'cooling',
];

/** Makes sure the vendor and its thermostat product exist (creating them when they do not). */
export async function ensureThermostatProduct(
  api: BrokerApiClient,
  ids: { vendorId: string; productId: string },
): Promise<void> {
  await api.ensureVendor({ id: ids.vendorId, name: `Simulated devices (${ids.vendorId})` });
  await api.ensureProduct(ids.vendorId, {
    id: ids.productId,
    name: 'Thermostat',
    features: thermostatFeatures,
  });
}

/**
 * Registers the device and issues its credential. A device that already exists with the same vendor and
 * product (a rerun with the same ids) gets a new credential instead, which closes any old connection of it,
 * and a new claim code unless it is claimed.
 */
export async function provisionDevice(
  api: BrokerApiClient,
  address: DeviceAddress,
): Promise<ClaimableDevice> {
  const { vendorId, productId, deviceId } = address;
  let claimCode: string;
  try {
    ({ claimCode } = await api.createDevice({ id: deviceId, vendorId, productId }));
  } catch (error) {
    if (!(error instanceof BrokerApiError) || error.code !== 'DEVICE_EXISTS') throw error;
    const existing = await api.getDevice(deviceId);
    if (existing.vendorId !== vendorId || existing.productId !== productId) {
      throw new Error(
        `device ${deviceId} already exists as a ${existing.vendorId}/${existing.productId}, not ${vendorId}/${productId}`,
        { cause: error },
      );
    }
    const rotated = await api.rotateCredential(deviceId);
    return {
      ...address,
      secret: rotated.secret,
      claimCode: await issueClaimCodeUnlessClaimed(api, deviceId),
    };
  }
  const issued = await api.issueCredential(deviceId);
  return { ...address, secret: issued.secret, claimCode };
}

async function issueClaimCodeUnlessClaimed(api: BrokerApiClient, deviceId: string): Promise<string | null> {
  try {
    return (await api.issueClaimCode(deviceId)).claimCode;
  } catch (error) {
    if (error instanceof BrokerApiError && error.code === 'DEVICE_CLAIMED') return null;
    throw error;
  }
}

/** `count` device ids `<prefix>-0001`, `<prefix>-0002`, ... (zero-padded so they sort). */
export function buildDeviceIds(prefix: string, count: number): string[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1).padStart(width, '0')}`);
}
