import type { DeviceResponse } from '@homeport/contracts';
import type { DeviceHomes } from '../domain/live-events';
import { brokerApiDevicePath, unlessMissing } from './broker-api-devices';
import type { DeviceViewCache } from './cached-device-views';
import type { InternalApiSend } from './internal-api-transport';

/**
 * The home of a device from broker-api's registry, remembered per replica (`homes`): a busy device costs one
 * lookup, not one per event. A claim, release or move made through public-api invalidates it on every replica.
 */
export function createBrokerApiDeviceHomes(send: InternalApiSend, homes: DeviceViewCache): DeviceHomes {
  const load = async (deviceId: string) => {
    const device = await unlessMissing(send<DeviceResponse>('GET', brokerApiDevicePath(deviceId)));
    return { homeId: device?.ownerId ?? null };
  };
  return {
    async homeOf(deviceId) {
      const known = await homes.home(deviceId, () => load(deviceId));
      return known.homeId ?? undefined;
    },
  };
}
