import { Type, type Static } from 'typebox';
import { Id } from '../ids';

/** Largest device payload the broker accepts (bytes); larger publishes are refused. */
export const maxDevicePayloadBytes = 64 * 1024;

/** Names of state properties, metrics, events and commands: what becomes a time-series field or tag. */
export const keyPattern = '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$';

/** Ordering fields every device-to-cloud message may carry. */
const ordering = {
  seq: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'Increases with every message the device sends; orders its state.',
    }),
  ),
  ts: Type.Optional(Type.Integer({ minimum: 0, description: 'Device clock, epoch milliseconds.' })),
};

/** State properties: named values, e.g. temperature, setpoint, mode. */
export const StateProperties = Type.Record(Type.String({ pattern: keyPattern }), Type.Unknown(), {
  maxProperties: 256,
  description: 'Property name -> JSON value.',
});

/** Telemetry fields: named numbers, booleans or short strings (stored as time-series fields). */
export const TelemetryMetrics = Type.Record(
  Type.String({ pattern: keyPattern }),
  Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 256 })]),
  { minProperties: 1, maxProperties: 256 },
);

/** Device -> cloud on `reported`: the device's current state (all or some properties). */
export const ReportedStatePayload = Type.Object(
  { ...ordering, state: StateProperties },
  { additionalProperties: false },
);
export type ReportedStatePayload = Static<typeof ReportedStatePayload>;

/** Device -> cloud on `telemetry`: measurements for the time series. */
export const TelemetryPayload = Type.Object(
  { ...ordering, metrics: TelemetryMetrics },
  { additionalProperties: false },
);
export type TelemetryPayload = Static<typeof TelemetryPayload>;

/** Device -> cloud on `event`: something that happened (a button press, a fault). */
export const DeviceEventPayload = Type.Object(
  {
    ...ordering,
    event: Type.String({ pattern: keyPattern }),
    severity: Type.Optional(
      Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
    ),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type DeviceEventPayload = Static<typeof DeviceEventPayload>;

/** Cloud -> device on `desired`: the full desired state with its version. */
export const DesiredStatePayload = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  state: StateProperties,
  updatedAt: Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' }),
});
export type DesiredStatePayload = Static<typeof DesiredStatePayload>;

/** Cloud -> device on `delta`: desired properties that differ from the last reported state. */
export const StateDeltaPayload = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  state: StateProperties,
});
export type StateDeltaPayload = Static<typeof StateDeltaPayload>;

/** Device -> cloud on `stateRequest`: asks for the desired state and the delta. */
export const StateRequestPayload = Type.Object({}, { additionalProperties: false });
export type StateRequestPayload = Static<typeof StateRequestPayload>;

/** Cloud -> device on `command`: an operation to run before it expires. */
export const CommandPayload = Type.Object({
  commandId: Id,
  name: Type.String({ pattern: keyPattern }),
  params: Type.Record(Type.String(), Type.Unknown()),
  expiresAt: Type.Integer({ minimum: 0, description: 'Epoch milliseconds; not delivered after this.' }),
});
export type CommandPayload = Static<typeof CommandPayload>;

/** Device -> cloud on `commandAck`: the command's outcome. */
export const CommandAckPayload = Type.Object(
  {
    status: Type.Union([
      Type.Literal('accepted'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('rejected'),
    ]),
    result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export type CommandAckPayload = Static<typeof CommandAckPayload>;

/** Broker -> cloud on `presence` (retained; the last will says offline). */
export const PresencePayload = Type.Object({
  status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  at: Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' }),
});
export type PresencePayload = Static<typeof PresencePayload>;
