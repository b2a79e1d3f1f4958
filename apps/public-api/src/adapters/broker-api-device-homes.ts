import type { DeviceResponse } from '@homeport/contracts';
import { LRUCache } from 'lru-cache';
import type { DeviceHomes } from '../domain/live-events';
import { brokerApiDevicePath, unlessMissing } from './broker-api-devices';
import type { InternalApiSend } from './internal-api-transport';

/** Devices whose home is remembered at once, per replica. */
const maxCachedDevices = 50_000;

/**
 * The home of a device from broker-api's registry, remembered for `cacheTtlMs`: a busy device costs one
 * lookup per window, not one per event. A claim, release or move is seen within the window (README, "Live").
 */
export function createBrokerApiDeviceHomes(send: InternalApiSend, cacheTtlMs: number): DeviceHomes {
  // The LRU cache holds objects only: a device in no home (unclaimed, deleted) is remembered as `null`.
  const homes = new LRUCache<string, { homeId: string | null }>({ max: maxCachedDevices, ttl: cacheTtlMs });
  return {
    async homeOf(deviceId) {
      let known = homes.get(deviceId);
      if (known === undefined) {
        const device = await unlessMissing(send<DeviceResponse>('GET', brokerApiDevicePath(deviceId)));
        known = { homeId: device?.ownerId ?? null };
        homes.set(deviceId, known);
      }
      return known.homeId ?? undefined;
    },
  };
}
