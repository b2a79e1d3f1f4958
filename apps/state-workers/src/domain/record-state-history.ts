import { deviceSeriesTags, reportedStateMeasurement, toStateFields } from '@homeport/contracts';
import { readDeviceTime } from './message-order';
import type { TimeSeriesPoint, TimeSeriesWriter } from './ports';
import type { DeviceReported } from './record-reported-state';

/**
 * A report as a point of the reported-state history: tags vendor_id and device_id, the properties that are
 * numbers or booleans (contracts' `toStateFields`), at the device's time (ts, else received-at); undefined
 * when the report holds none. A redelivered report writes the same series and time: the same point.
 */
export function buildReportedStatePoint(message: DeviceReported): TimeSeriesPoint | undefined {
  const fields = toStateFields(message.payload.state);
  if (Object.keys(fields).length === 0) return undefined;
  return {
    measurement: reportedStateMeasurement,
    tags: { [deviceSeriesTags.vendorId]: message.vendorId, [deviceSeriesTags.deviceId]: message.deviceId },
    fields,
    timeMs: readDeviceTime(message),
  };
}

/**
 * Writes a merged report's point of the reported-state history (record-reported-state.ts calls it once the
 * merge accepted the report: a report the merge refused is not recorded). Every merged report is, `stale`
 * ones included: the history holds what the device reported at each time, whichever report is newest for the
 * current state. A crash or an unreachable store before the point is written makes the message come back;
 * the merge then changes nothing and the point is written.
 */
export async function recordStateHistory(
  timeSeries: TimeSeriesWriter,
  message: DeviceReported,
): Promise<void> {
  const point = buildReportedStatePoint(message);
  if (point !== undefined) await timeSeries.write([point]);
}
