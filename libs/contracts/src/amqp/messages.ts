import { Type, type TSchema } from 'typebox';
import { Id } from '../ids';
import { deviceExamples } from '../mqtt/examples';
import {
  DeviceEventPayload,
  ReportedStatePayload,
  StateProperties,
  TelemetryMetrics,
  TelemetryPayload,
} from '../mqtt/payloads';
import { notificationRequestedV1, userContactChangedV1, userDeletedV1 } from './notifications';
import {
  homeMemberInvitedV1,
  vendorMemberInvitedV1,
  userEmailVerificationRequestedV1,
  userPasswordResetRequestedV1,
} from './account-notifications';
import {
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
} from './alerts';
import { defineMessage } from './define';
import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  userZoneEnteredV1,
  userZoneLeftV1,
} from './home-presence';
import { locationFixesReportedV1 } from './location-fixes';
import { deviceCommandFinishedV1 } from './device-commands';
import {
  deviceChangedV1,
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceRegisteredV1,
} from './device-lifecycle';
import { webhookDeliveryRequestedV1, webhookEndpointDisabledV1 } from './webhooks';
import { deviceMessagesExchange, platformEventsExchange } from './exchanges';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' });

/** What fan-out adds around every device payload. */
function envelope<P extends TSchema>(payload: P) {
  return Type.Object({
    messageId: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Unique per device message; dedup key.',
    }),
    vendorId: Id,
    deviceId: Id,
    receivedAt: EpochMs,
    payload,
  });
}

const exampleIds = { vendorId: 'acme', deviceId: 'thermostat-0042', receivedAt: 1763719200150 };

/** Reported state of a device, as received by the broker. */
export const deviceReportedV1 = defineMessage({
  name: 'device.reported',
  version: 1,
  exchange: deviceMessagesExchange,
  schema: envelope(ReportedStatePayload),
  example: { messageId: 'acme/thermostat-0042/1842', ...exampleIds, payload: deviceExamples.reported },
  description: 'A device reported (part of) its current state.',
});

/** Telemetry of a device, as received by the broker. */
export const deviceTelemetryV1 = defineMessage({
  name: 'device.telemetry',
  version: 1,
  exchange: deviceMessagesExchange,
  schema: envelope(TelemetryPayload),
  example: { messageId: 'acme/thermostat-0042/1843', ...exampleIds, payload: deviceExamples.telemetry },
  description: 'A device sent measurements.',
});

/** An event of a device, as received by the broker. */
export const deviceEventV1 = defineMessage({
  name: 'device.event',
  version: 1,
  exchange: deviceMessagesExchange,
  schema: envelope(DeviceEventPayload),
  example: { messageId: 'acme/thermostat-0042/1844', ...exampleIds, payload: deviceExamples.event },
  description: 'A device reported an event.',
});

/**
 * The ingest message of each device-to-cloud channel (device topic kind): what fan-out, and broker-api's
 * direct ingest, publish a device's message as.
 */
export const deviceIngestMessages = {
  reported: deviceReportedV1,
  telemetry: deviceTelemetryV1,
  event: deviceEventV1,
} as const;

/** A device topic kind whose messages go to the ingest work queue. */
export type DeviceIngestKind = keyof typeof deviceIngestMessages;

/** True for the device topic kinds whose messages go to the ingest work queue. */
export function isDeviceIngestKind(kind: string): kind is DeviceIngestKind {
  return Object.hasOwn(deviceIngestMessages, kind);
}

/** A device connected or disconnected (cleanly, or its connection was lost). */
export const devicePresenceV1 = defineMessage({
  name: 'device.presence',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    vendorId: Id,
    deviceId: Id,
    status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    reason: Type.Union([
      Type.Literal('connected'),
      Type.Literal('disconnected'),
      Type.Literal('connection_lost'),
    ]),
    at: EpochMs,
    ownerId: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], {
        description:
          'The home the device belonged to when its presence changed (null: unclaimed), read in the same ' +
          'statement that recorded the change. Absent in events published before it existed.',
      }),
    ),
  }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    status: 'offline',
    reason: 'connection_lost',
    at: 1763719500000,
    ownerId: '0b6f1c2e-3d4a-4f5b-8c6d-7e8f9a0b1c2d',
  },
  description:
    'Published by the broker on connect, clean disconnect and lost connection. `ownerId` was added to v1 as ' +
    "an optional field: consumers that need the device's home take it from the event, and read the registry " +
    'only for events without it.',
});

/** The stored current state of a device changed. */
export const deviceStateChangedV1 = defineMessage({
  name: 'device.state-changed',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    vendorId: Id,
    deviceId: Id,
    changed: StateProperties,
    state: StateProperties,
    seq: Type.Optional(Type.Integer({ minimum: 0 })),
    reportedAt: EpochMs,
    receivedAt: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'When fan-out received the report that made this state, epoch ms (absent in events published before it existed).',
      }),
    ),
  }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    changed: { temperature: 20.6 },
    state: { temperature: 20.6, setpoint: 21, mode: 'heat', humidity: 41, battery: 87 },
    seq: 1842,
    reportedAt: 1763719200000,
    receivedAt: 1763719200180,
  },
  description: 'Published after the new current state is durably stored; `changed` holds what differs.',
});

/** Telemetry points of a device were stored in the time series. */
export const deviceTelemetryRecordedV1 = defineMessage({
  name: 'device.telemetry-recorded',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({ vendorId: Id, deviceId: Id, metrics: TelemetryMetrics, at: EpochMs }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    metrics: { temperature: 20.64, humidity: 41.2, battery: 87, heating: true },
    at: 1763719205000,
  },
  description: 'Published after telemetry points are durably written.',
});

/** Every message type, for topology, docs and the example tests. */
export const allMessages = [
  deviceReportedV1,
  deviceTelemetryV1,
  deviceEventV1,
  devicePresenceV1,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  deviceRegisteredV1,
  deviceDeletedV1,
  deviceChangedV1,
  deviceCredentialIssuedV1,
  userEmailVerificationRequestedV1,
  userPasswordResetRequestedV1,
  homeMemberInvitedV1,
  vendorMemberInvitedV1,
  notificationRequestedV1,
  userContactChangedV1,
  userDeletedV1,
  deviceCommandFinishedV1,
  webhookDeliveryRequestedV1,
  webhookEndpointDisabledV1,
  alertFiredV1,
  alertResolvedV1,
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFlappingChangedV1,
  locationFixesReportedV1,
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  userZoneEnteredV1,
  userZoneLeftV1,
] as const;
