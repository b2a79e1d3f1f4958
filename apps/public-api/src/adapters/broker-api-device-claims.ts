import type {
  DevicePage as RegistryDevicePage,
  DeviceResponse,
  IssuedClaimCodeResponse,
  ProvisionedDeviceResponse,
} from '@homeport/contracts';
import type { DeviceClaims, RegistryDevice } from '../domain/device-claims';
import { brokerApiDevicePath as devicePath, findVendorDevice, unlessMissing } from './broker-api-devices';
import type { InternalApiSend } from './internal-api-transport';

const withClaimCode = ({ claimCode, ...device }: ProvisionedDeviceResponse) => ({ device, claimCode });

/**
 * Claiming through broker-api's registry. A home's device is one whose `ownerId` is the home's id, a vendor's
 * one whose `vendorId` is the vendor: every lookup compares them, so a device elsewhere is answered as missing.
 */
export function createBrokerApiDeviceClaims(send: InternalApiSend): DeviceClaims {
  const findOfVendor = (vendorId: string, deviceId: string): Promise<RegistryDevice | undefined> =>
    findVendorDevice(send, vendorId, deviceId);
  return {
    claim: (homeId, claimCode) =>
      send<DeviceResponse>('POST', '/devices/claims', { body: { claimCode, ownerId: homeId } }),
    async listInHome(homeId, { limit, after }) {
      const page = await send<RegistryDevicePage>('GET', '/devices', {
        query: { ownerId: homeId, limit, after },
      });
      return page.nextAfter === undefined ? { items: page.items } : page;
    },
    async release(homeId, deviceId) {
      const released = await unlessMissing(
        send<ProvisionedDeviceResponse>('POST', `${devicePath(deviceId)}/release`, {
          body: { ownerId: homeId },
        }),
      );
      return released && withClaimCode(released);
    },
    move: (fromHomeId, deviceId, toHomeId) =>
      unlessMissing(
        send<DeviceResponse>('POST', `${devicePath(deviceId)}/transfer`, {
          body: { fromOwnerId: fromHomeId, toOwnerId: toHomeId },
        }),
      ),
    async provision(vendorId, request) {
      return withClaimCode(
        await send<ProvisionedDeviceResponse>('POST', '/devices', { body: { ...request, vendorId } }),
      );
    },
    findOfVendor,
    async issueClaimCode(vendorId, deviceId) {
      if ((await findOfVendor(vendorId, deviceId)) === undefined) return undefined;
      const issued = await unlessMissing(
        send<IssuedClaimCodeResponse>('POST', `${devicePath(deviceId)}/claim-code`),
      );
      return issued?.claimCode;
    },
  };
}
