import type { DeviceViewResponse } from '@homeport/contracts';
import { LRUCache } from 'lru-cache';
import { createInvalidatedCache, type CacheLimits } from './invalidated-cache';
import { productKey, type Invalidations } from './invalidations';

/** What a replica knows of a device's home: `null` when it is in none (unclaimed) or missing. */
export interface KnownHome {
  readonly homeId: string | null;
}

// `device-state` keys: `<deviceId>` (presence) or `<deviceId>@<reportedAt ms>` (a report). Ids hold no `@`.
const stateKey = (deviceId: string, reportedAtMs?: number) =>
  reportedAtMs === undefined ? deviceId : `${deviceId}@${reportedAtMs}`;

function parseStateKey(key: string): { deviceId: string; reportedAtMs?: number } {
  const at = key.lastIndexOf('@');
  const reportedAtMs = at < 0 ? Number.NaN : Number(key.slice(at + 1));
  return Number.isSafeInteger(reportedAtMs)
    ? { deviceId: key.slice(0, at), reportedAtMs }
    : { deviceId: key };
}

/**
 * Per-replica caches of broker-api's device views (record, shadow, features: an owner's read of a device)
 * and of devices' homes, invalidated on every replica by:
 * - `device` (`deviceChanged`): the device changed in broker-api (name, home, desired state, deletion),
 *   announced by public-api's broker-api transport after each such call, and for every change whoever made it
 *   by the live-events consumer on broker-api's `device.changed`; drops the view and the home;
 * - `device-state` (`stateChanged`): homeport.events told of a stored report or presence; drops the view.
 * - `product` (a `vendorId/productId`): the product's assistant mapping changed; drops its devices' views.
 *   broker-api copies a report into its shadow from its own queue, possibly after this replica heard of it:
 *   the newest announced report time is kept per device, and a view older than it is answered but not kept.
 * What the caches hold is whatever the device is; who may see it is checked at every read.
 */
export function createDeviceViewCache(deps: {
  readonly invalidations: Invalidations;
  readonly limits: CacheLimits;
}) {
  const { invalidations, limits } = deps;
  const ttl = Math.max(limits.maxAgeMs, 1);
  const reportFloors = new LRUCache<string, { readonly reportedAtMs: number }>({
    max: limits.maxEntries,
    ttl,
  });
  const isCurrent = (deviceId: string, view: DeviceViewResponse) => {
    const floor = reportFloors.get(deviceId);
    if (floor === undefined) return true;
    const reported = view.shadow.reported;
    return reported !== null && Date.parse(reported.reportedAt) >= floor.reportedAtMs;
  };
  const views = createInvalidatedCache<DeviceViewResponse>(invalidations, limits, { isKeepable: isCurrent });
  const homes = createInvalidatedCache<KnownHome>(invalidations, limits, { shareLoads: true });
  invalidations.subscribe('device', {
    onStale: (deviceId) => {
      views.drop(deviceId);
      homes.drop(deviceId);
    },
    onReset: () => {
      views.dropAll();
      homes.dropAll();
    },
  });
  invalidations.subscribe('product', {
    onStale: (key) => {
      views.dropWhere((view) => productKey(view.vendorId, view.productId) === key);
    },
    onReset: views.dropAll,
  });
  invalidations.subscribe('device-state', {
    onStale: (key) => {
      const { deviceId, reportedAtMs } = parseStateKey(key);
      const floor = reportFloors.get(deviceId)?.reportedAtMs ?? -Infinity;
      if (reportedAtMs !== undefined && reportedAtMs > floor) reportFloors.set(deviceId, { reportedAtMs });
      views.drop(deviceId);
    },
    onReset: () => {
      reportFloors.clear();
      views.dropAll();
    },
  });
  return {
    /** The device's view, cached, or the one `load` reads (undefined: missing, nothing kept). */
    view: (deviceId: string, load: () => Promise<DeviceViewResponse | undefined>) =>
      views.get(deviceId, load),
    /** The device's home, cached, or the one `load` reads. */
    home: (deviceId: string, load: () => Promise<KnownHome>) => homes.get(deviceId, load),
    /** public-api changed the device in broker-api (after the call, whatever its outcome). */
    deviceChanged: (deviceId: string): Promise<void> => invalidations.publish('device', deviceId),
    /** A report (`reportedAtMs`) or a presence change of the device was stored. */
    stateChanged: (deviceId: string, reportedAtMs?: number): Promise<void> =>
      invalidations.publish('device-state', stateKey(deviceId, reportedAtMs)),
  };
}

/** The device caches of a replica. */
export type DeviceViewCache = ReturnType<typeof createDeviceViewCache>;
