import {
  deviceEventMeasurement,
  deviceSeriesTags,
  telemetryMeasurement,
  toFieldName,
  type deviceEventV1,
  type deviceTelemetryV1,
  type MessagePayload,
} from '@homeport/contracts';
import { readDeviceTime } from './message-order';
import type { TimeSeriesPoint } from './ports';

/** A telemetry message as fan-out enveloped it. */
export type DeviceTelemetry = MessagePayload<typeof deviceTelemetryV1>;

/** A device-event message as fan-out enveloped it. */
export type DeviceEvent = MessagePayload<typeof deviceEventV1>;

/**
 * Telemetry as one point: tags vendor_id and device_id, one field per metric named for its type
 * (`toFieldName`), at the device's time (ts, else received-at). A redelivered message writes the same
 * series and time, which InfluxDB treats as the same point.
 */
export function buildTelemetryPoint(message: DeviceTelemetry): TimeSeriesPoint {
  const fields: Record<string, number | boolean | string> = {};
  for (const [metric, value] of Object.entries(message.payload.metrics))
    fields[toFieldName(metric, value)] = value;
  return {
    measurement: telemetryMeasurement,
    tags: deviceTags(message),
    fields,
    timeMs: readDeviceTime(message),
  };
}

/**
 * A device event as one point: tags vendor_id, device_id, event and severity (when given, low
 * cardinality), fields `data` (the event's data as JSON text, `{}` when none) and `message_id`.
 */
export function buildDeviceEventPoint(message: DeviceEvent): TimeSeriesPoint {
  const { event, severity, data } = message.payload;
  return {
    measurement: deviceEventMeasurement,
    tags: {
      ...deviceTags(message),
      event,
      ...(severity === undefined ? {} : { severity }),
    },
    fields: { data: JSON.stringify(data ?? {}), message_id: message.messageId },
    timeMs: readDeviceTime(message),
  };
}

function deviceTags(message: { vendorId: string; deviceId: string }): Record<string, string> {
  return { [deviceSeriesTags.vendorId]: message.vendorId, [deviceSeriesTags.deviceId]: message.deviceId };
}
