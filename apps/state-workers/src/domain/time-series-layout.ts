import type { deviceEventV1, deviceTelemetryV1, MessagePayload } from '@homeport/contracts';
import { readDeviceTime } from './message-order';
import type { TimeSeriesPoint } from './ports';

/** A telemetry message as fan-out enveloped it. */
export type DeviceTelemetry = MessagePayload<typeof deviceTelemetryV1>;

/** A device-event message as fan-out enveloped it. */
export type DeviceEvent = MessagePayload<typeof deviceEventV1>;

/** Measurement of telemetry: one field per metric. */
export const telemetryMeasurement = 'device_telemetry';

/** Measurement of device events: `data` (JSON text) and `message_id` fields. */
export const deviceEventMeasurement = 'device_events';

/**
 * Telemetry as one point: tags vendor_id and device_id, one field per metric (numbers always as floats,
 * so 87 and 87.5 never conflict in type), at the device's time (ts, else received-at). A redelivered
 * message writes the same series and time, which InfluxDB treats as the same point.
 */
export function buildTelemetryPoint(message: DeviceTelemetry): TimeSeriesPoint {
  return {
    measurement: telemetryMeasurement,
    tags: { vendor_id: message.vendorId, device_id: message.deviceId },
    fields: message.payload.metrics,
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
      vendor_id: message.vendorId,
      device_id: message.deviceId,
      event,
      ...(severity === undefined ? {} : { severity }),
    },
    fields: { data: JSON.stringify(data ?? {}), message_id: message.messageId },
    timeMs: readDeviceTime(message),
  };
}
