import type { DevicePage, DeviceResponse, DeviceViewResponse, ProductResponse } from '@homeport/contracts';
import { isInHome, type HomeDevice, type HomeIds, type OwnerDevices } from '../domain/owner-devices';
import type { DeviceViewCache } from './cached-device-views';
import { createBrokerApiDeviceControl, requireDeviceIn } from './broker-api-device-control';
import { brokerApiDevicePath as devicePath, unlessMissing } from './broker-api-devices';
import type { InternalApiSend } from './internal-api-transport';

/**
 * The devices of a person's homes through broker-api: a device is theirs when its `ownerId` (the home it
 * belongs to) is one of their home ids. The list asks the registry for those owners only; every other call
 * reads the device and compares its owner before touching it. A device's view (the read of one device) is
 * cached per replica while it is in a home (`views`); the scope is checked at every read.
 */
export function createBrokerApiOwnerDevices(send: InternalApiSend, views: DeviceViewCache): OwnerDevices {
  const loadView = async (deviceId: string) => {
    const view = await unlessMissing(send<DeviceViewResponse>('GET', devicePath(deviceId, '/view')));
    // An unclaimed device is nobody's read: not kept, so that its claim needs no announcement to show.
    return view !== undefined && isInHome(view) ? view : undefined;
  };
  async function findInHomes(homeIds: HomeIds, deviceId: string): Promise<HomeDevice | undefined> {
    const device = await unlessMissing(send<DeviceResponse>('GET', devicePath(deviceId)));
    return device !== undefined && isInHome(device) && homeIds.includes(device.ownerId) ? device : undefined;
  }
  const requireDevice = requireDeviceIn(findInHomes);
  return {
    async listInHomes(homeIds, { productId, online, limit, after }) {
      const page = await send<DevicePage>('GET', '/devices', {
        query: { ownerIds: homeIds, productId, online, limit, after },
      });
      const items = page.items.filter(isInHome);
      return page.nextAfter === undefined ? { items } : { items, nextAfter: page.nextAfter };
    },
    findInHomes,
    async findWithStateInHomes(homeIds, deviceId) {
      const view = await views.view(deviceId, () => loadView(deviceId));
      if (view === undefined) return undefined;
      const { features, shadow, productName, assistantMapping, ...device } = view;
      return isInHome(device) && homeIds.includes(device.ownerId)
        ? { device, shadow, features, productName, assistantMapping }
        : undefined;
    },
    async rename(homeIds, deviceId, name) {
      const { ownerId } = await requireDevice(homeIds, deviceId);
      const renamed = await send<DeviceResponse>('PATCH', devicePath(deviceId), { body: { name } });
      // The name is the only change: the home is the one just checked.
      return { ...renamed, ownerId };
    },
    async featuresOf({ vendorId, productId }) {
      const path = `/vendors/${encodeURIComponent(vendorId)}/products/${encodeURIComponent(productId)}`;
      return (await send<ProductResponse>('GET', path)).features;
    },
    // A home never sees the commands of a home the device was in before.
    ...createBrokerApiDeviceControl(send, findInHomes, (device) => device.historySince),
  };
}
