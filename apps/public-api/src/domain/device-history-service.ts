import { AppError } from '@homeport/errors';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import {
  planHistoryQuery,
  readHistory,
  type DeviceHistoryReader,
  type HistoryRequest,
  type HistorySeries,
} from './device-history';
import { canViewHome } from './home-policies';
import type { HomeRepository } from './homes';
import type { OwnerDevices } from './owner-devices';

/** What the history use cases need. */
export interface DeviceHistoryServiceDeps {
  readonly homes: HomeRepository;
  readonly devices: Pick<OwnerDevices, 'findInHomes'>;
  readonly history: DeviceHistoryReader;
  readonly clock: Clock;
}

/** A device's history as answered: the range and bucket width used, and a series per metric. */
export interface DeviceHistory {
  readonly fromMs: number;
  readonly toMs: number;
  readonly intervalMs: number;
  readonly series: readonly HistorySeries[];
}

/** Reading the history of a home's device, confined like the device itself to the caller's homes. */
export function createDeviceHistoryService({ homes, devices, history, clock }: DeviceHistoryServiceDeps) {
  return {
    /** A home the caller is not in, or a device not in the home, answers as missing (404). */
    async ofHomeDevice(
      caller: UserCaller,
      homeId: string,
      deviceId: string,
      request: HistoryRequest,
    ): Promise<DeviceHistory> {
      const scope = await homes.loadScope(caller.userId);
      if (!canViewHome(scope, homeId))
        throw new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
      const device = await devices.findInHomes([homeId], deviceId);
      if (device === undefined)
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device in this home');
      const query = planHistoryQuery(request, { vendorId: device.vendorId, deviceId }, clock.now());
      // What the device reported before a home let go of it belongs to that home.
      const notBeforeMs = device.historySince === null ? undefined : Date.parse(device.historySince);
      const series = await readHistory(
        history,
        { ...query, ...(notBeforeMs !== undefined && { notBeforeMs }) },
        clock.now().getTime(),
      );
      return { fromMs: query.fromMs, toMs: query.toMs, intervalMs: query.intervalMs, series };
    },
  };
}

/** The history use cases. */
export type DeviceHistoryService = ReturnType<typeof createDeviceHistoryService>;
