import type {
  CommandList,
  CommandResponse,
  CredentialList,
  CredentialResponse,
  DesiredStateResponse,
  DevicePage,
  DeviceResponse,
  IssuedCredentialResponse,
  ShadowResponse,
  VendorDeviceResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { VendorDevices } from '../domain/vendor-devices';
import { brokerApiDevicePath as devicePath, findVendorDevice } from './broker-api-devices';
import type { BrokerApiSend } from './broker-api-transport';

/** The vendor's view of a registry device: whether it is claimed, not the home it belongs to. */
function toVendorDevice({ ownerId, ...device }: DeviceResponse): VendorDeviceResponse {
  return { ...device, claimed: ownerId !== null };
}

/**
 * A vendor's devices through broker-api's internal routes. broker-api's device routes are not per vendor, so
 * every call first reads the device and answers a device of another vendor with broker-api's own 404
 * DEVICE_NOT_FOUND (same code and words as a missing one) before touching it.
 */
export function createBrokerApiVendorDevices(send: BrokerApiSend): VendorDevices {
  async function deviceOf(vendorId: string, deviceId: string): Promise<DeviceResponse> {
    const device = await findVendorDevice(send, vendorId, deviceId);
    // Another vendor's device is answered in the same words as a missing one.
    if (device === undefined)
      throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
    return device;
  }
  /** Calls `below` the device once it is known to be the vendor's. */
  async function sendToDevice<T>(
    vendorId: string,
    deviceId: string,
    method: Parameters<BrokerApiSend>[0],
    below: string,
    body?: unknown,
  ): Promise<T> {
    await deviceOf(vendorId, deviceId);
    return send<T>(method, devicePath(deviceId, below), { body });
  }

  return {
    async listDevices(vendorId, { productId, limit, after }) {
      const page = await send<DevicePage>('GET', '/devices', {
        query: { vendorId, productId, limit, after },
      });
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
    getShadow: (vendorId, deviceId) => sendToDevice<ShadowResponse>(vendorId, deviceId, 'GET', '/shadow'),
    getDesired: (vendorId, deviceId) =>
      sendToDevice<DesiredStateResponse>(vendorId, deviceId, 'GET', '/desired'),
    changeDesired: (vendorId, deviceId, mode, request) =>
      sendToDevice<DesiredStateResponse>(
        vendorId,
        deviceId,
        mode === 'replace' ? 'PUT' : 'PATCH',
        '/desired',
        request,
      ),
    sendCommand: (vendorId, deviceId, request) =>
      sendToDevice<CommandResponse>(vendorId, deviceId, 'POST', '/commands', request),
    listCommands: (vendorId, deviceId) => sendToDevice<CommandList>(vendorId, deviceId, 'GET', '/commands'),
    getCommand: (vendorId, deviceId, commandId) =>
      sendToDevice<CommandResponse>(vendorId, deviceId, 'GET', `/commands/${encodeURIComponent(commandId)}`),
  };
}
