import type {
  CredentialList,
  CredentialResponse,
  DevicePage,
  DeviceResponse,
  IssuedCredentialResponse,
  VendorDeviceResponse,
} from '@homeport/contracts';
import type { VendorDevices } from '../domain/vendor-devices';
import {
  createBrokerApiDeviceControl,
  requireDeviceIn,
  sendBelowDeviceIn,
} from './broker-api-device-control';
import { findVendorDevice } from './broker-api-devices';
import type { InternalApiSend } from './internal-api-transport';

/** The vendor's view of a registry device: whether it is claimed, not the home it belongs to. */
function toVendorDevice({ ownerId, ...device }: DeviceResponse): VendorDeviceResponse {
  return { ...device, claimed: ownerId !== null };
}

/**
 * A vendor's devices through broker-api's internal routes. broker-api's device routes are not per vendor, so
 * every call first reads the device and answers a device of another vendor with broker-api's own 404
 * DEVICE_NOT_FOUND (same code and words as a missing one) before touching it.
 */
export function createBrokerApiVendorDevices(send: InternalApiSend): VendorDevices {
  const findOfVendor = (vendorId: string, deviceId: string) => findVendorDevice(send, vendorId, deviceId);
  const deviceOf = requireDeviceIn(findOfVendor);
  const sendToDevice = sendBelowDeviceIn(send, findOfVendor);

  return {
    async listDevices(vendorId, filter) {
      const page = await send<DevicePage>('GET', '/devices', { query: { ...filter, vendorId } });
      return { ...page, items: page.items.map(toVendorDevice) };
    },
    getDevice: async (vendorId, deviceId) => toVendorDevice(await deviceOf(vendorId, deviceId)),
    renameDevice: async (vendorId, deviceId, name) =>
      toVendorDevice(await sendToDevice<DeviceResponse>(vendorId, deviceId, 'PATCH', '', { name })),
    async deleteDevice(vendorId, deviceId) {
      await sendToDevice<undefined>(vendorId, deviceId, 'DELETE', '');
    },
    issueCredential: (vendorId, deviceId) =>
      sendToDevice<IssuedCredentialResponse>(vendorId, deviceId, 'POST', '/credentials'),
    rotateCredential: (vendorId, deviceId) =>
      sendToDevice<IssuedCredentialResponse>(vendorId, deviceId, 'POST', '/credentials/rotate'),
    revokeCredential: (vendorId, deviceId, credentialId) =>
      sendToDevice<CredentialResponse>(
        vendorId,
        deviceId,
        'POST',
        `/credentials/${encodeURIComponent(credentialId)}/revoke`,
      ),
    listCredentials: (vendorId, deviceId) =>
      sendToDevice<CredentialList>(vendorId, deviceId, 'GET', '/credentials'),
    ...createBrokerApiDeviceControl(send, findOfVendor),
  };
}
