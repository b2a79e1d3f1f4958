import type { LivePresenceEvent, LiveStateChangedEvent } from '@homeport/contracts';
import type { ApiAnswer } from '../api/console-api';

/** A device as public-api answers it to a member of its home: record, reported and desired state, presence. */
export type DeviceView = ApiAnswer<'/v1/homes/{homeId}/devices/{deviceId}', 'get'>;

/** The device after a `device.state-changed` event: its reported state is the event's. */
export function applyStateChanged(device: DeviceView, event: LiveStateChangedEvent): DeviceView {
  const current = device.reported?.reportedAt;
  // Events arrive in order per device, but a read made meanwhile may already be newer.
  if (current !== undefined && current > event.reportedAt) return device;
  return {
    ...device,
    reported: { state: event.state, reportedAt: event.reportedAt },
    lastSeenAt: event.reportedAt,
    presence: { ...device.presence, lastSeenAt: event.reportedAt },
  };
}

/** The device after a `device.presence` event. */
export function applyPresence(device: DeviceView, event: LivePresenceEvent): DeviceView {
  return {
    ...device,
    online: event.online,
    presence: { ...device.presence, online: event.online, since: event.at },
  };
}

/** The unit of a numeric property where its name says it (°C, %), else undefined. */
export function unitOf(name: string): string | undefined {
  if (name === 'temperature' || name === 'setpoint') return '°C';
  if (name === 'humidity' || name === 'battery') return '%';
  return undefined;
}

/** How a reported value reads: numbers as given with their unit where the property name says it. */
export function formatReading(name: string, value: unknown): string {
  if (typeof value === 'number') {
    const unit = unitOf(name);
    return unit === undefined ? String(value) : `${value} ${unit}`;
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The device's name, or its id when it has none. */
export const deviceLabel = (device: { readonly id: string; readonly name: string | null }) =>
  device.name ?? device.id;
