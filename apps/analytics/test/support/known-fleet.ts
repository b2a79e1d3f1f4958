import { randomUUID } from 'node:crypto';
import {
  alertFiredV1,
  deviceChangedV1,
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceEventV1,
  devicePresenceV1,
  deviceRegisteredV1,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  type MessageContract,
  type MessagePayload,
} from '@homeport/contracts';

/** One event to publish, with the message id its publisher gives it (undefined: a random one, as broker-api's). */
export interface FleetEvent<M extends MessageContract = MessageContract> {
  readonly message: M;
  readonly payload: MessagePayload<M>;
  readonly messageId?: string;
}

/** The day the fleet lives (UTC) and its rules' ids. */
export const fleetDay = '2026-11-20';
export const frostRuleId = '00000000-0000-4000-8000-000000000001';
export const offlineRuleId = '00000000-0000-4000-8000-000000000002';

/** Epoch ms of `hours` after the day's start (negative: the day before). */
const at = (hours: number) => Date.parse(`${fleetDay}T00:00:00.000Z`) + hours * 3_600_000;

/**
 * A fleet of 305 devices of one vendor, all registered and credentialed the evening before the day:
 * devices 0-244 thermostats, 245-304 sensors; 300-304 deleted at 08:00. Of the 300 left: firmware 2.4.1 on
 * 0-179 (60 %), 2.5.0 on 180-299 (40 %); battery 15 % on 0-99, 85 % on the others; all online from 23:30 the
 * evening before; 0-9 offline from 06:00 to 06:30 (10 reconnects); 200-219 offline from 12:00 on; 0-54
 * claimed at 09:00, 50-54 released at 15:00, 10 transferred at 16:00 (50 claimed). On the day each of the
 * 300 reports its state once and telemetry twice; 0-29 send filter-dirty (warning), 245-249 overheat
 * (critical), 30 button-pressed (no severity); Frost fires on 0-6, Offline on 200-202.
 */
export function buildKnownFleet(vendorId: string): FleetEvent[] {
  const events: FleetEvent[] = [];
  const add = <M extends MessageContract>(message: M, payload: MessagePayload<M>, messageId?: string) =>
    events.push({ message, payload, ...(messageId !== undefined && { messageId }) });
  const id = (index: number) => `${vendorId}-d${index}`;
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, n) => from + n);
  const presence = (index: number, online: boolean, hours: number) =>
    add(devicePresenceV1, {
      vendorId,
      deviceId: id(index),
      status: online ? 'online' : 'offline',
      reason: online ? 'connected' : 'connection_lost',
      at: at(hours),
    });
  const owner = (index: number, ownerId: string | null, hours: number) =>
    add(deviceChangedV1, {
      vendorId,
      deviceId: id(index),
      change: 'ownership',
      ownerId,
      changedAt: at(hours),
    });

  for (const index of range(0, 304)) {
    const deviceId = id(index);
    const productId = index < 245 ? 'thermostat' : 'sensor';
    add(deviceRegisteredV1, { vendorId, deviceId, productId, registeredAt: at(-2) });
    add(deviceCredentialIssuedV1, { vendorId, deviceId, credentialId: `c-${deviceId}`, issuedAt: at(-1.9) });
    if (index >= 300) {
      add(deviceDeletedV1, { vendorId, deviceId, deletedAt: at(8) });
      continue;
    }
    const state = { firmware: index < 180 ? '2.4.1' : '2.5.0', battery: index < 100 ? 15 : 85, setpoint: 21 };
    add(
      deviceStateChangedV1,
      { vendorId, deviceId, changed: state, state, reportedAt: at(-1) },
      `sc-${deviceId}-1`,
    );
    presence(index, true, -0.5);
    const changed = { setpoint: 20 };
    const report = { vendorId, deviceId, changed, state: { ...state, ...changed }, reportedAt: at(1) };
    add(deviceStateChangedV1, report, `sc-${deviceId}-2`);
    for (const hours of [2, 3]) {
      const metrics = { temperature: 20.5, battery: state.battery };
      add(
        deviceTelemetryRecordedV1,
        { vendorId, deviceId, metrics, at: at(hours) },
        `tr-${deviceId}-${hours}`,
      );
    }
  }
  const deviceEvent = (index: number, event: string, severity?: 'warning' | 'critical') =>
    add(deviceEventV1, {
      messageId: `${vendorId}/${id(index)}/event`,
      vendorId,
      deviceId: id(index),
      receivedAt: at(4),
      payload: { event, ...(severity !== undefined && { severity }) },
    });
  range(0, 29).forEach((index) => deviceEvent(index, 'filter-dirty', 'warning'));
  range(245, 249).forEach((index) => deviceEvent(index, 'overheat', 'critical'));
  deviceEvent(30, 'button-pressed');
  for (const index of range(0, 9)) {
    presence(index, false, 6);
    presence(index, true, 6.5);
  }
  range(200, 219).forEach((index) => presence(index, false, 12));
  range(0, 54).forEach((index) => owner(index, `home-${index}`, 9));
  range(50, 54).forEach((index) => owner(index, null, 15));
  owner(10, 'home-other', 16);
  const fire = (index: number, ruleId: string, ruleName: string, hours: number) => {
    const alertId = randomUUID();
    add(
      alertFiredV1,
      {
        ...alertFiredV1.example,
        alertId,
        ruleId,
        ruleName,
        vendorId,
        deviceId: id(index),
        pendingSince: at(hours),
        firedAt: at(hours),
      },
      `alert.fired:${alertId}`,
    );
  };
  range(0, 6).forEach((index) => {
    fire(index, frostRuleId, 'Frost', 5);
  });
  range(200, 202).forEach((index) => {
    fire(index, offlineRuleId, 'Offline', 12.2);
  });
  return events;
}
