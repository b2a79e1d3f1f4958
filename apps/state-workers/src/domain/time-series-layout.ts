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
 * The suffix of a field name per value type. A field's type is fixed per measurement in InfluxDB 1.x (per
 * shard, across every series), so one device sending `"temperature":"x"` where others send numbers would
 * have InfluxDB refuse that field for every device until the shard ends. With the type in the name a
 * conflict is impossible by construction: numbers keep the metric's name (always floats, so 87 and 87.5
 * agree), the usual case and what a reader of a device's numeric metric asks for (`SELECT "temperature"`);
 * a boolean is `<metric>#bool`, a string `<metric>#str`. `#` cannot occur in a metric name (contracts'
 * key pattern), so no metric's plain name is another's suffixed one.
 */
export const fieldTypeSuffixes = { number: '', boolean: '#bool', string: '#str' } as const;

/** The field name a metric's value is stored under (see `fieldTypeSuffixes`). */
export function toFieldName(metric: string, value: number | boolean | string): string {
  if (typeof value === 'number') return metric;
  return `${metric}${typeof value === 'boolean' ? fieldTypeSuffixes.boolean : fieldTypeSuffixes.string}`;
}

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
    tags: { vendor_id: message.vendorId, device_id: message.deviceId },
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
      vendor_id: message.vendorId,
      device_id: message.deviceId,
      event,
      ...(severity === undefined ? {} : { severity }),
    },
    fields: { data: JSON.stringify(data ?? {}), message_id: message.messageId },
    timeMs: readDeviceTime(message),
  };
}
