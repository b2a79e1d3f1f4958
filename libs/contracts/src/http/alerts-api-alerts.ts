import { Type, type Static } from 'typebox';
import { NotificationSeverity } from '../amqp/notifications';
import { Id } from '../ids';
import { AlertRuleOwner } from './alerts-api';

/**
 * The alerts service's internal HTTP API for alerts themselves (open ones and their history), acknowledging
 * and snoozing them, and a home's mutes of vendor rules. public-api serves them to owners and vendors, scoped
 * to the caller, calling this API with `Authorization: Bearer <ALERTS_API_TOKEN>`. Times are ISO 8601 strings.
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/** Where an alert is in its lifecycle. */
export const AlertStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('firing'),
  Type.Literal('resolved'),
]);
export type AlertStatus = Static<typeof AlertStatus>;

/** One opening of a rule on a device. */
export const AlertResponse = Type.Object({
  id: Uuid,
  ruleId: Uuid,
  ruleName: Type.String(),
  owner: AlertRuleOwner,
  vendorId: Id,
  deviceId: Id,
  homeId: Type.Union([Type.String(), Type.Null()]),
  severity: NotificationSeverity,
  status: AlertStatus,
  message: Type.String({ description: "The rule's message template, filled in with the opening reading." }),
  value: Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]),
  pendingSince: Timestamp,
  firedAt: NullableTimestamp,
  resolvedAt: NullableTimestamp,
  acknowledgedAt: NullableTimestamp,
  acknowledgedBy: Type.Union([Uuid, Type.Null()]),
  snoozedUntil: NullableTimestamp,
  flapping: Type.Boolean({
    description: 'The rule is flapping on this device (notified once until it settles).',
  }),
});
export type AlertResponse = Static<typeof AlertResponse>;

/**
 * GET /alerts: the alerts of one scope (exactly one of homeId, vendorId), newest first, paged by `cursor`
 * (the `nextCursor` of the previous page). `status=open` means pending or firing.
 */
export const AlertListQuery = Type.Object(
  {
    homeId: Type.Optional(Uuid),
    vendorId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    ruleId: Type.Optional(Uuid),
    status: Type.Optional(Type.Union([AlertStatus, Type.Literal('open')])),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AlertListQuery = Static<typeof AlertListQuery>;

/** A page of alerts. */
export const AlertList = Type.Object({
  items: Type.Array(AlertResponse),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AlertList = Static<typeof AlertList>;

/** Path parameter of one alert. */
export const AlertParams = Type.Object({ alertId: Uuid });
export type AlertParams = Static<typeof AlertParams>;

/**
 * GET /alerts/{alertId} and POST /alerts/{alertId}/acknowledge: the caller's scope (at most one of homeId,
 * vendorId). An alert outside it answers 404 ALERT_NOT_FOUND, as a missing one does.
 */
export const AlertScopeQuery = Type.Object(
  { homeId: Type.Optional(Uuid), vendorId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type AlertScopeQuery = Static<typeof AlertScopeQuery>;

/**
 * POST /alerts/{alertId}/acknowledge: a user (resolved and authorised by public-api) acknowledges a firing
 * alert, which stops its escalation; with `snoozeSeconds`, the rule on that device notifies nobody until then.
 */
export const AcknowledgeAlertRequest = Type.Object(
  {
    userId: Uuid,
    snoozeSeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: 604_800,
        description: 'Snooze this long (seconds, at most a week).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AcknowledgeAlertRequest = Static<typeof AcknowledgeAlertRequest>;

/** PUT/DELETE /homes/{homeId}/muted-rules/{ruleId}: a home mutes (or unmutes) a vendor's default rule. */
export const RuleMuteParams = Type.Object({ homeId: Uuid, ruleId: Uuid });
export type RuleMuteParams = Static<typeof RuleMuteParams>;

/** GET /homes/{homeId}/muted-rules: the home whose mutes are listed. */
export const HomeMutesParams = Type.Object({ homeId: Uuid });
export type HomeMutesParams = Static<typeof HomeMutesParams>;

/** One vendor rule a home muted. */
export const RuleMuteResponse = Type.Object({ ruleId: Uuid, homeId: Uuid, mutedAt: Timestamp });
export type RuleMuteResponse = Static<typeof RuleMuteResponse>;

/** GET /homes/{homeId}/muted-rules. */
export const RuleMuteList = Type.Object({ items: Type.Array(RuleMuteResponse) });
export type RuleMuteList = Static<typeof RuleMuteList>;
