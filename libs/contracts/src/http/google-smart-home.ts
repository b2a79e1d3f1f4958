import { Type, type Static } from 'typebox';

/**
 * Google Smart Home (cloud-to-cloud) fulfillment: what Google posts to `POST /v1/assistants/google` and what
 * it is answered. Shapes and examples from https://developers.home.google.com/cloud-to-cloud/intents/sync,
 * .../intents/query, .../intents/execute and .../intents/disconnect. Google may add fields: unknown ones are
 * let through, what Homeport reads is checked.
 */
const RequestId = Type.String({ minLength: 1, maxLength: 256 });
const DeviceRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

const syncInput = Type.Object({ intent: Type.Literal('action.devices.SYNC') });
const queryInput = Type.Object({
  intent: Type.Literal('action.devices.QUERY'),
  payload: Type.Object({ devices: Type.Array(DeviceRef, { minItems: 1, maxItems: 500 }) }),
});
/** One command of an EXECUTE (`action.devices.commands.OnOff`, ...) with its parameters. */
export const GoogleExecution = Type.Object({
  command: Type.String({ minLength: 1, maxLength: 128 }),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type GoogleExecution = Static<typeof GoogleExecution>;
const executeInput = Type.Object({
  intent: Type.Literal('action.devices.EXECUTE'),
  payload: Type.Object({
    commands: Type.Array(
      Type.Object({
        devices: Type.Array(DeviceRef, { minItems: 1, maxItems: 500 }),
        execution: Type.Array(GoogleExecution, { minItems: 1, maxItems: 20 }),
      }),
      { minItems: 1, maxItems: 50 },
    ),
  }),
});
const disconnectInput = Type.Object({ intent: Type.Literal('action.devices.DISCONNECT') });

const executeExample = {
  requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
  inputs: [
    {
      intent: 'action.devices.EXECUTE' as const,
      payload: {
        commands: [
          {
            devices: [{ id: '123' }],
            execution: [
              {
                command: 'action.devices.commands.ThermostatTemperatureSetpoint',
                params: { thermostatTemperatureSetpoint: 22 },
              },
            ],
          },
        ],
      },
    },
  ],
};

/** The body Google posts to the fulfillment URL: one intent per request. */
export const GoogleSmartHomeRequest = Type.Object(
  {
    requestId: RequestId,
    inputs: Type.Array(Type.Union([syncInput, queryInput, executeInput, disconnectInput]), {
      minItems: 1,
      maxItems: 1,
    }),
  },
  { examples: [executeExample] },
);
export type GoogleSmartHomeRequest = Static<typeof GoogleSmartHomeRequest>;
export type GoogleIntentInput = GoogleSmartHomeRequest['inputs'][number];

/** A published EXECUTE request (thermostat setpoint), tested to validate and reused as a fixture. */
export const googleExecuteRequestExample: GoogleSmartHomeRequest = executeExample;

const HsvState = Type.Object({ hue: Type.Number(), saturation: Type.Number(), value: Type.Number() });

const stateProperties = {
  on: Type.Optional(Type.Boolean()),
  brightness: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  color: Type.Optional(
    Type.Union([
      Type.Object({ spectrumHsv: HsvState }),
      Type.Object({ spectrumRgb: Type.Integer({ minimum: 0, maximum: 0xffffff }) }),
    ]),
  ),
  thermostatMode: Type.Optional(Type.String()),
  thermostatTemperatureSetpoint: Type.Optional(Type.Number()),
  thermostatTemperatureAmbient: Type.Optional(Type.Number()),
};

/** A device's states as Google's traits name them (temperatures in Celsius, brightness in percent). */
export const GoogleDeviceStates = Type.Object({ online: Type.Boolean(), ...stateProperties });
export type GoogleDeviceStates = Static<typeof GoogleDeviceStates>;

const GoogleDeviceType = Type.Union([
  Type.Literal('action.devices.types.THERMOSTAT'),
  Type.Literal('action.devices.types.LIGHT'),
  Type.Literal('action.devices.types.OUTLET'),
  Type.Literal('action.devices.types.SWITCH'),
  Type.Literal('action.devices.types.SENSOR'),
]);
const GoogleTrait = Type.Union([
  Type.Literal('action.devices.traits.OnOff'),
  Type.Literal('action.devices.traits.Brightness'),
  Type.Literal('action.devices.traits.ColorSetting'),
  Type.Literal('action.devices.traits.TemperatureSetting'),
]);

/** A device of a SYNC answer. */
export const GoogleSyncDevice = Type.Object({
  id: Type.String(),
  type: GoogleDeviceType,
  traits: Type.Array(GoogleTrait),
  name: Type.Object({ defaultNames: Type.Array(Type.String()), name: Type.String() }),
  willReportState: Type.Boolean(),
  deviceInfo: Type.Object({ manufacturer: Type.String(), model: Type.String() }),
  attributes: Type.Object({
    colorModel: Type.Optional(Type.Union([Type.Literal('hsv'), Type.Literal('rgb')])),
    availableThermostatModes: Type.Optional(Type.Array(Type.String())),
    thermostatTemperatureUnit: Type.Optional(Type.Union([Type.Literal('C'), Type.Literal('F')])),
    thermostatTemperatureRange: Type.Optional(
      Type.Object({ minThresholdCelsius: Type.Number(), maxThresholdCelsius: Type.Number() }),
    ),
    queryOnlyTemperatureSetting: Type.Optional(Type.Boolean()),
  }),
});
export type GoogleSyncDevice = Static<typeof GoogleSyncDevice>;

/** Per-device errors of QUERY and EXECUTE (https://developers.home.google.com/cloud-to-cloud/intents/errors-exceptions). */
export const GoogleErrorCode = Type.Union([
  Type.Literal('deviceNotFound'),
  Type.Literal('deviceOffline'),
  Type.Literal('valueOutOfRange'),
  Type.Literal('notSupported'),
  Type.Literal('functionNotSupported'),
  Type.Literal('authFailure'),
  Type.Literal('transientError'),
]);
export type GoogleErrorCode = Static<typeof GoogleErrorCode>;

/** A group of devices of an EXECUTE answer that share one outcome. */
export const GoogleCommandResult = Type.Object({
  ids: Type.Array(Type.String()),
  status: Type.Union([
    Type.Literal('SUCCESS'),
    Type.Literal('PENDING'),
    Type.Literal('OFFLINE'),
    Type.Literal('ERROR'),
  ]),
  states: Type.Optional(GoogleDeviceStates),
  errorCode: Type.Optional(GoogleErrorCode),
});
export type GoogleCommandResult = Static<typeof GoogleCommandResult>;

/** A device of a QUERY answer: its states, or why there are none. */
export const GoogleQueryDevice = Type.Object({
  online: Type.Optional(Type.Boolean()),
  ...stateProperties,
  status: Type.Union([Type.Literal('SUCCESS'), Type.Literal('OFFLINE'), Type.Literal('ERROR')]),
  errorCode: Type.Optional(GoogleErrorCode),
});
export type GoogleQueryDevice = Static<typeof GoogleQueryDevice>;

/** The fulfillment's answer: SYNC, QUERY or EXECUTE with the request's id; DISCONNECT is `{}`. */
export const GoogleSmartHomeResponse = Type.Union([
  Type.Object({
    requestId: RequestId,
    payload: Type.Object({ agentUserId: Type.String(), devices: Type.Array(GoogleSyncDevice) }),
  }),
  Type.Object({
    requestId: RequestId,
    payload: Type.Object({ devices: Type.Record(Type.String(), GoogleQueryDevice) }),
  }),
  Type.Object({
    requestId: RequestId,
    payload: Type.Object({ commands: Type.Array(GoogleCommandResult) }),
  }),
  Type.Object({}, { additionalProperties: false }),
]);
export type GoogleSmartHomeResponse = Static<typeof GoogleSmartHomeResponse>;
