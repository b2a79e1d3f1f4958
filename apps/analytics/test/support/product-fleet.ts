import {
  deviceChangedV1,
  deviceCommandFinishedV1,
  devicePresenceV1,
  deviceRegisteredV1,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  type MessageContract,
  type MessagePayload,
  type RequestSource,
} from '@homeport/contracts';
import type { FleetEvent } from './known-fleet';

/** The cohort week (devices registered within it) and the week of the feature usage. */
export const cohortWeek = '2026-W47';
export const usageWeek = '2026-W48';

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Epoch ms of a UTC instant in November 2026. */
const nov = (day: number, hour: number, minutes = 0) => Date.UTC(2026, 10, day, hour, minutes);

/**
 * A fleet of known makeup for product analytics (apps/analytics README):
 * - t0-t19 thermostats registered 16 Nov 08:00, p0-p9 plugs 17 Nov 08:00 (the W47 cohort); x0, a thermostat
 *   registered 9 Nov, reports every day 16-29 Nov at 12:00 (active, not in the cohort).
 * - Claims: t0-t14 on 16 Nov 10:00, p0-p4 on 17 Nov 10:00. t0-t11 connect after their claim and first report
 *   (i+1) minutes after it; t12-t14 never connect; p0-p4 are connected from 09:00 (before their claim) and
 *   first report 10 (i+1) minutes after it; t15 connects unclaimed.
 * - 7 to 14 days after the claim: t0-t7 report on 24 Nov, p0-p1 on 25 Nov; t8 reports on 23 Nov 09:00 (6 days
 *   23 h: too early), t9 on 30 Nov 10:00 (exactly 14 days: too late).
 * - In W48, desired changes: setpoint by the owner on t0-t4 and setpoint+mode on t0 again, setpoint by an
 *   automation on t0-t2, mode without a source on t3, power by the vendor on p0 and by an assistant on p1, and
 *   one on t4 from a publisher without `properties` (not counted); commands finished: reboot by the vendor on
 *   t0 (done) and t1 (expired), identify by the owner on t2, by an automation on p0, reboot without a source
 *   on t3.
 */
export function buildProductFleet(vendorId: string): FleetEvent[] {
  const events: FleetEvent[] = [];
  const add = <M extends MessageContract>(message: M, payload: MessagePayload<M>, messageId?: string) =>
    events.push({ message, payload, ...(messageId !== undefined && { messageId }) });
  const id = (name: string) => `${vendorId}-${name}`;
  const range = (count: number) => Array.from({ length: count }, (_, n) => n);
  const state = (name: string, at: number) =>
    add(
      deviceStateChangedV1,
      { vendorId, deviceId: id(name), changed: { on: true }, state: { on: true }, reportedAt: at },
      `sc-${id(name)}-${at}`,
    );
  const telemetry = (name: string, at: number) =>
    add(
      deviceTelemetryRecordedV1,
      { vendorId, deviceId: id(name), metrics: { temperature: 21 }, at },
      `tr-${id(name)}-${at}`,
    );
  const connect = (name: string, at: number) =>
    add(devicePresenceV1, { vendorId, deviceId: id(name), status: 'online', reason: 'connected', at });
  const claim = (name: string, at: number) =>
    add(deviceChangedV1, {
      vendorId,
      deviceId: id(name),
      change: 'ownership',
      ownerId: `home-${name}`,
      changedAt: at,
    });
  const register = (name: string, productId: string, at: number) =>
    add(deviceRegisteredV1, { vendorId, deviceId: id(name), productId, registeredAt: at });

  register('x0', 'thermostat', nov(9, 8));
  range(14).forEach((n) => state('x0', nov(16 + n, 12)));
  range(20).forEach((n) => register(`t${n}`, 'thermostat', nov(16, 8)));
  range(10).forEach((n) => register(`p${n}`, 'plug', nov(17, 8)));
  range(15).forEach((n) => claim(`t${n}`, nov(16, 10)));
  range(12).forEach((n) => {
    connect(`t${n}`, nov(16, 10, n));
    state(`t${n}`, nov(16, 10) + (n + 1) * minuteMs);
  });
  connect('t15', nov(16, 9));
  range(5).forEach((n) => {
    connect(`p${n}`, nov(17, 9));
    claim(`p${n}`, nov(17, 10));
    state(`p${n}`, nov(17, 10) + 10 * (n + 1) * minuteMs);
  });
  range(8).forEach((n) => telemetry(`t${n}`, nov(24, 12)));
  ['p0', 'p1'].forEach((name) => telemetry(name, nov(25, 12)));
  telemetry('t8', nov(16, 10) + 7 * dayMs - 60 * minuteMs);
  telemetry('t9', nov(16, 10) + 14 * dayMs);

  let changes = 0;
  const desired = (name: string, properties: string[] | undefined, source?: RequestSource) => {
    changes += 1;
    const at = nov(26, 15, changes);
    add(
      deviceChangedV1,
      {
        vendorId,
        deviceId: id(name),
        change: 'desired',
        changedAt: at,
        ...(properties !== undefined && { properties }),
        ...(source !== undefined && { source }),
      },
      // The message id a redelivery keeps (broker-api publishes each change once).
      `changed-${id(name)}-${changes}`,
    );
  };
  range(5).forEach((n) => {
    desired(`t${n}`, ['setpoint'], 'owner');
  });
  desired('t0', ['setpoint', 'mode'], 'owner');
  range(3).forEach((n) => {
    desired(`t${n}`, ['setpoint'], 'automation');
  });
  desired('t3', ['mode']);
  desired('p0', ['power'], 'vendor');
  desired('p1', ['power'], 'assistant');
  desired('t4', undefined, 'owner');

  const finished = (name: string, command: string, status: 'done' | 'expired', source?: RequestSource) =>
    add(deviceCommandFinishedV1, {
      vendorId,
      deviceId: id(name),
      commandId: `cmd-${id(name)}-${command}`,
      name: command,
      status,
      finishedAt: nov(27, 9),
      ...(source !== undefined && { source }),
    });
  finished('t0', 'reboot', 'done', 'vendor');
  finished('t1', 'reboot', 'expired', 'vendor');
  finished('t2', 'identify', 'done', 'owner');
  finished('p0', 'identify', 'done', 'automation');
  finished('t3', 'reboot', 'done');
  return events;
}
