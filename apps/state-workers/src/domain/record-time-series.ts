import { deriveEventId } from './event-ids';
import { requireUsableClock } from './message-order';
import type { EventPublisher, TimeSeriesWriter } from './ports';
import {
  buildDeviceEventPoint,
  buildTelemetryPoint,
  type DeviceEvent,
  type DeviceTelemetry,
} from './time-series-layout';

/**
 * Writes a telemetry message's point, then publishes telemetry-recorded. A crash between the two is
 * repaired by the redelivery: the point is rewritten (same series and time: no duplicate) and the
 * event published.
 */
export function createRecordTelemetry(deps: {
  readonly timeSeries: TimeSeriesWriter;
  readonly events: EventPublisher;
}): (message: DeviceTelemetry) => Promise<void> {
  return async (message) => {
    requireUsableClock(message);
    const point = buildTelemetryPoint(message);
    await deps.timeSeries.write([point]);
    const { vendorId, deviceId, messageId } = message;
    await deps.events.publishTelemetryRecorded(
      { vendorId, deviceId, metrics: message.payload.metrics, at: point.timeMs },
      deriveEventId('telemetry-recorded', [vendorId, deviceId, messageId]),
    );
  };
}

/** Writes a device event's point. No platform event: contracts define none for device events yet. */
export function createRecordDeviceEvent(deps: {
  readonly timeSeries: TimeSeriesWriter;
}): (message: DeviceEvent) => Promise<void> {
  return async (message) => {
    requireUsableClock(message);
    await deps.timeSeries.write([buildDeviceEventPoint(message)]);
  };
}
