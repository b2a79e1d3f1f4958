import { Type, type TProperties } from 'typebox';
import { AlertConditionKind } from '../amqp/alerts';
import { NotificationSeverity } from '../amqp/notifications';
import { Id } from '../ids';

/**
 * What public-api's live streams and webhooks say of an alert (the alerts service's events on
 * homeport.events, apps/alerts README). The same fields for both; the live events always carry the home, the
 * webhook deliveries only to owners' endpoints. Times are ISO 8601 strings.
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** The types of alert events, as the live stream's `event` and a webhook delivery's `type` name them. */
export const alertEventTypes = [
  'alert.fired',
  'alert.resolved',
  'alert.acknowledged',
  'alert.escalated',
  'alert.flapping-changed',
] as const;
/** One of `alertEventTypes`. */
export type AlertEventType = (typeof alertEventTypes)[number];

const ruleFields = {
  vendorId: Id,
  deviceId: Id,
  ruleId: Uuid,
  ruleName: Type.String(),
  ruleOwner: Type.Union([Type.Literal('home'), Type.Literal('vendor')], {
    description: "`home`: a rule of the home's owners; `vendor`: the device maker's default for the product.",
  }),
  severity: NotificationSeverity,
};

/** An alert's transition (fired, resolved, acknowledged, escalated). */
export const alertTransitionFields = {
  ...ruleFields,
  alertId: Uuid,
  condition: AlertConditionKind,
  property: Type.Union([Type.String(), Type.Null()]),
  message: Type.String({ description: "The rule's message, filled in with the reading." }),
  value: Type.Optional(
    Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()], {
      description:
        'fired and resolved: the reading that opened or resolved the alert (null: presence, silence).',
    }),
  ),
  at: Type.String({ format: 'date-time', description: 'When the transition happened.' }),
  level: Type.Optional(Type.Integer({ minimum: 1, description: 'escalated: the escalation level.' })),
  acknowledgedBy: Type.Optional(Uuid),
  snoozedUntil: Type.Optional(Type.Union([Timestamp, Type.Null()])),
} satisfies TProperties;

/** A rule started (`flapping: true`) or stopped flapping on a device. */
export const alertFlappingFields = {
  ...ruleFields,
  flapping: Type.Boolean(),
  transitions: Type.Integer({ minimum: 0 }),
  windowSeconds: Type.Integer({ minimum: 1 }),
  at: Timestamp,
} satisfies TProperties;

const exampleRule = {
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
  ruleId: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
  ruleName: 'Frost in the cellar',
  ruleOwner: 'home' as const,
  severity: 'critical' as const,
};

/** A realistic firing, for the examples. */
export const alertTransitionExample = {
  ...exampleRule,
  alertId: '3d9b2f4e-7a1c-4e8b-b5d0-2c6f9a1e7b35',
  condition: 'threshold' as const,
  property: 'temperature',
  message: 'thermostat-0042: temperature is 4 °C',
  value: 4,
  at: '2026-12-03T09:30:00.000Z',
};

/** A realistic flapping notice, for the examples. */
export const alertFlappingExample = {
  ...exampleRule,
  flapping: true,
  transitions: 12,
  windowSeconds: 600,
  at: '2026-12-03T09:40:00.000Z',
};
