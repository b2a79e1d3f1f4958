import { Type, type Static } from 'typebox';
import { NotificationSeverity } from '../amqp/notifications';
import { Id } from '../ids';

/**
 * The alerts service's internal HTTP API: alert rules (create, list, get, update, delete). alerts owns them
 * (schema `alerts`); public-api will serve them to owners and vendors with the same bodies, calling this API
 * with `Authorization: Bearer <ALERTS_API_TOKEN>`. Times are ISO 8601 strings.
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Seconds = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 604_800, description: `${description} (seconds, at most a week).` });
/** A reported-state property or telemetry metric: one of the product's features. */
const PropertyName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$' });

/** Who owns a rule: a home (its owners' rules) or a vendor (defaults for every device of a product). */
export const AlertRuleOwner = Type.Union([
  Type.Object({ kind: Type.Literal('home'), homeId: Uuid }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('vendor'), vendorId: Id }, { additionalProperties: false }),
]);
export type AlertRuleOwner = Static<typeof AlertRuleOwner>;

/** What a rule watches: one device, or every device of a product (in the owning home, for a home's rule). */
export const AlertRuleTarget = Type.Union([
  Type.Object({ kind: Type.Literal('device'), deviceId: Id }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('product'), vendorId: Id, productId: Id },
    { additionalProperties: false },
  ),
]);
export type AlertRuleTarget = Static<typeof AlertRuleTarget>;

/** A comparison of a value with a constant. */
export const AlertComparison = Type.Union([
  Type.Literal('<'),
  Type.Literal('<='),
  Type.Literal('>'),
  Type.Literal('>='),
  Type.Literal('=='),
  Type.Literal('!='),
]);
export type AlertComparison = Static<typeof AlertComparison>;

const Scalar = Type.Union([Type.Number(), Type.String({ maxLength: 256 }), Type.Boolean()]);
const Source = Type.Union([Type.Literal('state'), Type.Literal('telemetry')], {
  description: '`state`: a reported-state property (device.state-changed); `telemetry`: a metric.',
});

/** `value <operator> threshold`, e.g. temperature < 5. */
const ThresholdCondition = Type.Object(
  {
    kind: Type.Literal('threshold'),
    source: Source,
    property: PropertyName,
    operator: AlertComparison,
    value: Scalar,
  },
  { additionalProperties: false },
);

/** The value is outside [low, high]. */
const OutsideRangeCondition = Type.Object(
  {
    kind: Type.Literal('outside-range'),
    source: Source,
    property: PropertyName,
    low: Type.Number(),
    high: Type.Number(),
  },
  { additionalProperties: false },
);

/** The device has been offline (presence) for at least `afterSeconds`. */
const OfflineCondition = Type.Object(
  { kind: Type.Literal('offline'), afterSeconds: Seconds('Offline at least this long') },
  { additionalProperties: false },
);

/** Nothing (state, telemetry) arrived from the device for `afterSeconds`. */
const NoDataCondition = Type.Object(
  { kind: Type.Literal('no-data'), afterSeconds: Seconds('Silent at least this long') },
  { additionalProperties: false },
);

/** When a rule fires. */
export const AlertCondition = Type.Union([
  ThresholdCondition,
  OutsideRangeCondition,
  OfflineCondition,
  NoDataCondition,
]);
export type AlertCondition = Static<typeof AlertCondition>;

/**
 * When a firing alert of a threshold rule resolves, on the same property (hysteresis: fire below 5 °C, clear
 * above 7 °C); without it, as soon as the condition no longer holds. Offline and no-data rules resolve when
 * the device is back.
 */
export const AlertClearCondition = Type.Union([
  Type.Object({ operator: AlertComparison, value: Scalar }, { additionalProperties: false }),
  Type.Object(
    { operator: Type.Literal('inside-range'), low: Type.Number(), high: Type.Number() },
    { additionalProperties: false },
  ),
]);
export type AlertClearCondition = Static<typeof AlertClearCondition>;

/**
 * Flap detection: a rule that fires and resolves more than `maxTransitions` times within `windowSeconds` on a
 * device is flapping there (alert.flapping-changed, once): its alerts are kept and published with
 * notify: false until no transition happened for a whole window (alert.flapping-changed again; re-armed).
 */
export const AlertFlappingPolicy = Type.Object(
  {
    maxTransitions: Type.Integer({
      minimum: 2,
      maximum: 1000,
      description: 'Fired and resolved transitions allowed within the window (default 6: three cycles).',
    }),
    windowSeconds: Type.Integer({
      minimum: 5,
      maximum: 86_400,
      description: 'The window (seconds, default 600); also how long it must be quiet to settle.',
    }),
  },
  { additionalProperties: false },
);
export type AlertFlappingPolicy = Static<typeof AlertFlappingPolicy>;

/** The flap detection of a rule created without one. */
export const defaultAlertFlappingPolicy: AlertFlappingPolicy = { maxTransitions: 6, windowSeconds: 600 };

const RuleName = Type.String({ minLength: 1, maxLength: 100 });
const MessageTemplate = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'Placeholders: {rule}, {device}, {property}, {value}, {threshold}.',
});

/** POST /rules. */
export const CreateAlertRuleRequest = Type.Object(
  {
    owner: AlertRuleOwner,
    target: AlertRuleTarget,
    name: RuleName,
    condition: AlertCondition,
    clear: Type.Optional(AlertClearCondition),
    forSeconds: Type.Optional(Seconds('True this long before firing (default 0)')),
    severity: NotificationSeverity,
    message: MessageTemplate,
    enabled: Type.Optional(Type.Boolean()),
    flapping: Type.Optional(AlertFlappingPolicy),
  },
  { additionalProperties: false },
);
export type CreateAlertRuleRequest = Static<typeof CreateAlertRuleRequest>;

/** PATCH /rules/{ruleId}: what changes (the owner and target stay). Open alerts of a changed rule are re-evaluated. */
export const UpdateAlertRuleRequest = Type.Object(
  {
    name: Type.Optional(RuleName),
    condition: Type.Optional(AlertCondition),
    clear: Type.Optional(Type.Union([AlertClearCondition, Type.Null()])),
    forSeconds: Type.Optional(Seconds('True this long before firing')),
    severity: Type.Optional(NotificationSeverity),
    message: Type.Optional(MessageTemplate),
    enabled: Type.Optional(Type.Boolean()),
    flapping: Type.Optional(AlertFlappingPolicy),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAlertRuleRequest = Static<typeof UpdateAlertRuleRequest>;

/** A rule. */
export const AlertRuleResponse = Type.Object({
  id: Uuid,
  owner: AlertRuleOwner,
  target: AlertRuleTarget,
  name: Type.String(),
  condition: AlertCondition,
  clear: Type.Union([AlertClearCondition, Type.Null()]),
  forSeconds: Type.Integer(),
  severity: NotificationSeverity,
  message: Type.String(),
  enabled: Type.Boolean(),
  flapping: Type.Optional(AlertFlappingPolicy),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AlertRuleResponse = Static<typeof AlertRuleResponse>;

/** GET /rules: the rules of one owner (exactly one of homeId, vendorId), newest first. */
export const AlertRuleQuery = Type.Object(
  {
    homeId: Type.Optional(Uuid),
    vendorId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AlertRuleQuery = Static<typeof AlertRuleQuery>;

/** Path parameter of one rule. */
export const AlertRuleParams = Type.Object({ ruleId: Uuid });
export type AlertRuleParams = Static<typeof AlertRuleParams>;

/** The rules of an owner. */
export const AlertRuleList = Type.Object({ items: Type.Array(AlertRuleResponse) });
export type AlertRuleList = Static<typeof AlertRuleList>;

/** A realistic rule (tested to validate): a home's frost alarm with hysteresis. */
export const alertRuleExample: CreateAlertRuleRequest = {
  owner: { kind: 'home', homeId: '6f1c2a9e-4b7d-4e21-9c3a-8d5e0f7b1a24' },
  target: { kind: 'device', deviceId: 'thermostat-0042' },
  name: 'Frost in the cellar',
  condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
  clear: { operator: '>', value: 7 },
  forSeconds: 300,
  severity: 'critical',
  message: '{device}: {property} is {value} °C (below {threshold} °C)',
};
