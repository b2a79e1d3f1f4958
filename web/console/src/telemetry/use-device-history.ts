import { useEffect } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import type { DeviceHistory } from './chart-data';
import {
  historyQueryOf,
  needsFinerRead,
  windowOfRange,
  type ChartRange,
  type TimeWindow,
} from './chart-query';

/** How often the last hour is read again while the page is open, so new readings keep appending. */
const refreshMs = 15_000;

/**
 * A device's history over a range (read again every 15 s for the last hour), and over the zoomed window when
 * that can be read at a finer resolution than the range was (`needsFinerRead`); `zoomed` is undefined when
 * the range's points serve the window.
 */
export function useDeviceHistory(
  target: { readonly homeId: string; readonly deviceId: string },
  range: ChartRange,
  zoom: TimeWindow | undefined,
) {
  const { api } = useSignedIn();
  const read = async (window: TimeWindow): Promise<DeviceHistory> =>
    takeData(
      await api.GET('/v1/homes/{homeId}/devices/{deviceId}/history', {
        params: { path: target, query: historyQueryOf(window) },
      }),
      'Try again in a moment.',
    );
  const ranged = useLoaded(`${target.deviceId}:${range}`, () => read(windowOfRange(range, Date.now())));
  const live = range === 'hour';
  const reloadRanged = ranged.reload;
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(reloadRanged, refreshMs);
    return () => {
      clearInterval(timer);
    };
  }, [live, reloadRanged]);

  const loadedIntervalMs = ranged.state.status === 'loaded' ? ranged.state.value.intervalMs : undefined;
  const finer =
    zoom !== undefined && loadedIntervalMs !== undefined && needsFinerRead(zoom, loadedIntervalMs)
      ? zoom
      : undefined;
  const zoomed = useLoaded(
    finer === undefined ? 'none' : `${target.deviceId}:${finer.fromMs}-${finer.toMs}`,
    () => (finer === undefined ? Promise.resolve(undefined) : read(finer)),
  );
  return { ranged, zoomed };
}
