import { Type, type Static } from 'typebox';
import { Id } from '../ids';
import { StateProperties } from '../mqtt/payloads';
import {
  alertFlappingExample,
  alertFlappingFields,
  alertTransitionExample,
  alertTransitionFields,
} from './public-api-alert-events';

/**
 * public-api's live stream (GET /v1/live, Server-Sent Events): each SSE event's `event` field is the type
 * below and its `data` the JSON of the matching schema; its `id` is the position to resume from
 * (`Last-Event-ID`).
 */
const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const exampleDevice = {
  homeId: '8f14e45f-ceea-467f-a0e6-0b8d3c1a2b4c',
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
};

/** GET /v1/live: every home of the caller, or one (`homeId`); every device, or one (`deviceId`). */
export const LiveStreamQuery = Type.Object(
  { homeId: Type.Optional(Uuid), deviceId: Type.Optional(Id) },
  {
    additionalProperties: false,
    examples: [{}, { homeId: exampleDevice.homeId, deviceId: 'thermostat-0042' }],
  },
);
export type LiveStreamQuery = Static<typeof LiveStreamQuery>;

/** SSE event `device.state-changed`: the device's stored state changed. */
export const LiveStateChangedEvent = Type.Object(
  {
    homeId: Uuid,
    vendorId: Id,
    deviceId: Id,
    changed: StateProperties,
    state: StateProperties,
    reportedAt: Timestamp,
  },
  {
    examples: [
      {
        ...exampleDevice,
        changed: { temperature: 20.6 },
        state: { temperature: 20.6, setpoint: 21, mode: 'heat' },
        reportedAt: '2026-12-03T09:14:02.000Z',
      },
    ],
  },
);
export type LiveStateChangedEvent = Static<typeof LiveStateChangedEvent>;

/** SSE event `device.presence`: the device connected or went away. */
export const LivePresenceEvent = Type.Object(
  {
    homeId: Uuid,
    vendorId: Id,
    deviceId: Id,
    online: Type.Boolean(),
    reason: Type.Union([
      Type.Literal('connected'),
      Type.Literal('disconnected'),
      Type.Literal('connection_lost'),
    ]),
    at: Timestamp,
  },
  {
    examples: [
      { ...exampleDevice, online: false, reason: 'connection_lost', at: '2026-12-03T09:20:00.000Z' },
    ],
  },
);
export type LivePresenceEvent = Static<typeof LivePresenceEvent>;

/**
 * SSE event `resync`: the stream resumed from a position older than the homes' logs keep, so events were
 * missed; read the current state of these homes' devices again (GET), then carry on with the stream.
 */
export const LiveResyncEvent = Type.Object(
  {
    homeIds: Type.Array(Uuid),
    code: Type.Literal('LIVE_HISTORY_TRIMMED'),
    message: Type.String(),
  },
  {
    examples: [
      {
        homeIds: [exampleDevice.homeId],
        code: 'LIVE_HISTORY_TRIMMED',
        message: 'events after the given Last-Event-ID are no longer kept: read these homes again',
      },
    ],
  },
);
export type LiveResyncEvent = Static<typeof LiveResyncEvent>;

/**
 * SSE events `alert.fired`, `alert.resolved`, `alert.acknowledged`, `alert.escalated`: an alert of one of the
 * home's devices changed (the home it opened in).
 */
export const LiveAlertEvent = Type.Object(
  { homeId: Uuid, ...alertTransitionFields },
  { examples: [{ homeId: exampleDevice.homeId, ...alertTransitionExample }] },
);
export type LiveAlertEvent = Static<typeof LiveAlertEvent>;

/** SSE event `alert.flapping-changed`: a rule started or stopped flapping on one of the home's devices. */
export const LiveAlertFlappingEvent = Type.Object(
  { homeId: Uuid, ...alertFlappingFields },
  { examples: [{ homeId: exampleDevice.homeId, ...alertFlappingExample }] },
);
export type LiveAlertFlappingEvent = Static<typeof LiveAlertFlappingEvent>;

/** The SSE event types of the live stream, by their `event` field. */
export const liveEventTypes = {
  stateChanged: 'device.state-changed',
  presence: 'device.presence',
  alertFired: 'alert.fired',
  alertResolved: 'alert.resolved',
  alertAcknowledged: 'alert.acknowledged',
  alertEscalated: 'alert.escalated',
  alertFlappingChanged: 'alert.flapping-changed',
  resync: 'resync',
} as const;
