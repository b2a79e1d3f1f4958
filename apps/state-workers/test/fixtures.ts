import type { ReportedStateUpdate } from '../src/domain/ports';
import type { DeviceReported } from '../src/domain/record-reported-state';
import type { DeviceEvent, DeviceTelemetry } from '../src/domain/time-series-layout';

/** Epoch ms the fixtures' clocks start at. */
export const baseTime = Date.UTC(2026, 0, 1);

/** An enveloped reported state, ordered by `seq` (device time baseTime + seq seconds). */
export function reported(
  deviceId: string,
  seq: number,
  state: Record<string, unknown>,
  vendorId = 'acme',
): DeviceReported {
  return {
    messageId: `${vendorId}/${deviceId}/reported/${seq}`,
    vendorId,
    deviceId,
    receivedAt: baseTime + seq * 1000 + 150,
    payload: { seq, ts: baseTime + seq * 1000, state },
  };
}

/** Enveloped telemetry at device time baseTime + seq seconds. */
export function telemetry(
  deviceId: string,
  seq: number,
  metrics: Record<string, number | boolean | string>,
  vendorId = 'acme',
): DeviceTelemetry {
  return {
    messageId: `${vendorId}/${deviceId}/telemetry/${seq}`,
    vendorId,
    deviceId,
    receivedAt: baseTime + seq * 1000 + 150,
    payload: { seq, ts: baseTime + seq * 1000, metrics },
  };
}

/** An enveloped device event without a device clock: stamped with its received-at time. */
export function deviceEvent(deviceId: string, seq: number, event: string, vendorId = 'acme'): DeviceEvent {
  return {
    messageId: `${vendorId}/${deviceId}/event/${seq}`,
    vendorId,
    deviceId,
    receivedAt: baseTime + seq * 1000 + 150,
    payload: { seq, event, severity: 'warning', data: { temperatureDropCelsius: 2.1 } },
  };
}

/** A report to merge into the state store, of device `deviceId` of acme with order key [seq, -1, 1000 + seq]. */
export function storeUpdate(
  deviceId: string,
  seq: number,
  properties: Record<string, unknown>,
  maxProperties = 256,
): ReportedStateUpdate {
  return {
    vendorId: 'acme',
    deviceId,
    messageId: `${deviceId}/${seq}`,
    properties,
    order: [seq, -1, 1000 + seq],
    seq,
    reportedAt: 1000 + seq,
    maxProperties,
  };
}
