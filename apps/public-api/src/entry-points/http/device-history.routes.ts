import {
  DeviceHistoryQuery,
  DeviceHistoryResponse,
  HomeDeviceParams,
  maxHistoryPoints,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { parseIntervalMs } from '../../domain/device-history';
import type { DeviceHistoryService } from '../../domain/device-history-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const toIso = (timeMs: number) => new Date(timeMs).toISOString();

/**
 * The history of a home's device: its telemetry or reported state aggregated by time bucket, confined to the
 * caller's homes.
 */
export const deviceHistoryRoutes: HttpRoutes<{ deviceHistory: DeviceHistoryService }> = (
  app,
  { deviceHistory },
) => {
  app.get(
    '/homes/:homeId/devices/:deviceId/history',
    {
      ...forUsers('devices:read'),
      schema: {
        tags: ['home devices'],
        ...authenticated,
        description:
          "The device's numeric telemetry (or, with `source=state`, its reported properties that are numbers " +
          'or booleans) from `from` to `to`, one value per metric and bucket of `interval`, ' +
          `aggregated on the server, at most \`maxPoints\` (${maxHistoryPoints}) buckets. An interval of whole ` +
          'hours or 5 minutes is answered from the hourly or 5-minute rollups (kept longer than raw points: by ' +
          'default a year and forever, raw points 30 days) for the buckets that have settled; `last` always ' +
          'reads raw points. 400 ' +
          'HISTORY_RANGE_INVALID (to not after from), HISTORY_RANGE_TOO_LONG (over 366 days), ' +
          'HISTORY_TOO_MANY_POINTS (an interval giving more than maxPoints buckets).',
        params: HomeDeviceParams,
        querystring: DeviceHistoryQuery,
        response: { 200: DeviceHistoryResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId, deviceId } = request.params;
      const { source = 'telemetry', from, to, interval, metrics } = request.query;
      const { aggregate = 'mean', maxPoints = maxHistoryPoints } = request.query;
      const history = await deviceHistory.ofHomeDevice(userCallerOf(request), homeId, deviceId, {
        source,
        from: from === undefined ? undefined : new Date(from),
        to: to === undefined ? undefined : new Date(to),
        intervalMs: interval === undefined ? undefined : parseIntervalMs(interval),
        maxPoints,
        aggregate,
        metrics: metrics?.split(','),
      });
      return {
        deviceId,
        source,
        from: toIso(history.fromMs),
        to: toIso(history.toMs),
        aggregate,
        intervalMs: history.intervalMs,
        series: history.series.map(({ metric, points }) => ({
          metric,
          points: points.map(({ timeMs, value }) => ({ time: toIso(timeMs), value })),
        })),
      };
    },
  );
  return Promise.resolve();
};
