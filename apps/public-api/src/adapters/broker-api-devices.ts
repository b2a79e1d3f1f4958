import type { DeviceResponse } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import type { InternalApiSend } from './internal-api-transport';

/** broker-api's path of a device, and of what is `below` it (`/shadow`, `/credentials`, ...). */
export const brokerApiDevicePath = (deviceId: string, below = '') =>
  `/devices/${encodeURIComponent(deviceId)}${below}`;

/** undefined for broker-api's DEVICE_NOT_FOUND (a missing device is one outside the scope); rethrows the rest. */
export async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isAppError(error) && error.code === 'DEVICE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * The vendor's device, or undefined when it is missing or another vendor's: broker-api's device routes are
 * not per vendor, so every vendor lookup reads the device and compares its vendor.
 */
export async function findVendorDevice(
  send: InternalApiSend,
  vendorId: string,
  deviceId: string,
): Promise<DeviceResponse | undefined> {
  const device = await unlessMissing(send<DeviceResponse>('GET', brokerApiDevicePath(deviceId)));
  return device?.vendorId === vendorId ? device : undefined;
}
