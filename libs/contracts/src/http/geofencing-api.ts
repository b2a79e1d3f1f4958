import { Type, type Static } from 'typebox';
import { Id } from '../ids';

/**
 * geofencing's internal HTTP API (`Authorization: Bearer <GEOFENCING_API_TOKEN>`): a home's automations, their
 * run log, its members' presence and each member's location sharing. public-api serves the same bodies to
 * people under `/v1/homes/{homeId}/automations`, `/v1/homes/{homeId}/presence` and `/v1/account/location/sharing`
 * after checking the caller's role and the devices' features. Times are ISO 8601 strings.
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
/** A desired-state property: one of the product's features. */
const PropertyName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$' });
const PropertyValue = Type.Union([Type.Number(), Type.String({ maxLength: 256 }), Type.Boolean()]);

/** Most devices one automation sets, and properties per device. */
export const maxAutomationActions = 50;
export const maxAutomationPropertiesPerDevice = 16;
/** Most automations one home holds. */
export const maxAutomationsPerHome = 20;

/** When an automation runs: the home becomes empty (the last member left), or its first member arrives. */
export const AutomationTrigger = Type.Union([Type.Literal('home-empty'), Type.Literal('first-arrival')]);
export type AutomationTrigger = Static<typeof AutomationTrigger>;

/** One device's properties to set (a desired-state merge patch of scalar values). */
export const AutomationAction = Type.Object(
  {
    deviceId: Id,
    set: Type.Record(PropertyName, PropertyValue, {
      minProperties: 0,
      maxProperties: maxAutomationPropertiesPerDevice,
      description:
        'Properties and values (a desired-state merge patch). With restore, the values used for properties the ' +
        'last home-empty run did not capture; may be empty then.',
    }),
  },
  { additionalProperties: false },
);
export type AutomationAction = Static<typeof AutomationAction>;

const automationFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  trigger: AutomationTrigger,
  enabled: Type.Boolean({ default: true }),
  actions: Type.Array(AutomationAction, { minItems: 1, maxItems: maxAutomationActions }),
  restore: Type.Boolean({
    default: false,
    description:
      'first-arrival only: put back the values the last home-empty run of this home found on these devices ' +
      '(captured when it ran), `set` filling in what it did not capture.',
  }),
  onTheWayHomeWithinMeters: Type.Union([Type.Integer({ minimum: 500, maximum: 100_000 }), Type.Null()], {
    default: null,
    description:
      'first-arrival only: also run when a member of the empty home is moving toward it and within this ' +
      'distance (once per trip: their actual arrival then runs nothing).',
  }),
};

/** An automation as it is created or replaced (PUT). */
export const AutomationRequest = Type.Object(automationFields, {
  additionalProperties: false,
  examples: [
    {
      name: 'Eco when everyone is out',
      trigger: 'home-empty',
      enabled: true,
      actions: [
        { deviceId: 'thermo-0042', set: { setpoint: 17 } },
        { deviceId: 'lamp-0007', set: { on: false } },
      ],
      restore: false,
      onTheWayHomeWithinMeters: null,
    },
  ],
});
export type AutomationRequest = Static<typeof AutomationRequest>;

/** An automation as stored. */
export const AutomationResponse = Type.Object({
  id: Uuid,
  homeId: Uuid,
  ...automationFields,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AutomationResponse = Static<typeof AutomationResponse>;

/** A home's automations, oldest first. */
export const AutomationList = Type.Object({ items: Type.Array(AutomationResponse) });
export type AutomationList = Static<typeof AutomationList>;

/** `/homes/:homeId/automations/:automationId`. */
export const AutomationParams = Type.Object({ homeId: Uuid, automationId: Uuid });
export type AutomationParams = Static<typeof AutomationParams>;

/** What one run did to one device: the values set, those found before, and how it went. */
export const AutomationRunChange = Type.Object({
  deviceId: Id,
  set: Type.Record(Type.String(), PropertyValue),
  previous: Type.Record(Type.String(), PropertyValue, {
    description: 'The desired (else reported) values before the run, for a later restore.',
  }),
  result: Type.Union([
    Type.Literal('pending'),
    Type.Literal('applied'),
    Type.Literal('device-not-found'),
    Type.Literal('refused'),
  ]),
  message: Type.Union([Type.String(), Type.Null()]),
});
export type AutomationRunChange = Static<typeof AutomationRunChange>;

/** Why an automation ran. */
export const AutomationRunCause = Type.Union([
  Type.Literal('home-empty'),
  Type.Literal('first-arrival'),
  Type.Literal('on-the-way-home'),
]);
export type AutomationRunCause = Static<typeof AutomationRunCause>;

/** One run of an automation: recorded with the occupancy change that caused it, executed by a worker. */
export const AutomationRunResponse = Type.Object({
  id: Uuid,
  automationId: Uuid,
  automationName: Type.String(),
  homeId: Uuid,
  cause: AutomationRunCause,
  /** The member whose exit, arrival or approach caused it (null: presence went stale). */
  userId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Array(AutomationRunChange),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type AutomationRunResponse = Static<typeof AutomationRunResponse>;

/** A home's runs, newest first. */
export const AutomationRunList = Type.Object({ items: Type.Array(AutomationRunResponse) });
export type AutomationRunList = Static<typeof AutomationRunList>;

/** `?limit=` of the run log. */
export const AutomationRunQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  { additionalProperties: false },
);
export type AutomationRunQuery = Static<typeof AutomationRunQuery>;

/** The example run the docs show: the home became empty, the thermostat went to eco. */
export const automationRunExample: AutomationRunResponse = {
  id: '3c2e9b7a-1f4d-4c8e-9a6b-5d0e2f7c1a93',
  automationId: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
  automationName: 'Eco when everyone is out',
  homeId: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
  cause: 'home-empty',
  userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
  status: 'succeeded',
  attempts: 1,
  lastError: null,
  changes: [
    {
      deviceId: 'thermo-0042',
      set: { setpoint: 17 },
      previous: { setpoint: 21 },
      result: 'applied',
      message: null,
    },
  ],
  createdAt: '2026-11-21T08:12:40.000Z',
  finishedAt: '2026-11-21T08:12:40.180Z',
};
