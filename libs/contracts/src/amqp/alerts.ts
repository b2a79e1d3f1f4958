import { Type } from 'typebox';
import { AlertRuleOwner } from '../http/alerts-api';
import { Id } from '../ids';
import { defineMessage } from './define';
import { platformEventsExchange } from './exchanges';
import { NotificationSeverity } from './notifications';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds (the alerts service clock).' });
const Uuid = Type.String({ format: 'uuid' });

/** The kind of an alert rule's condition, as alert events and public-api's alert events name it. */
export const AlertConditionKind = Type.Union(
  [
    Type.Literal('threshold'),
    Type.Literal('outside-range'),
    Type.Literal('offline'),
    Type.Literal('no-data'),
    Type.Literal('device-event'),
  ],
  { description: "The kind of the rule's condition." },
);

/** What every alert event says of the alert: its rule, its device and what was seen. */
const alertFields = {
  alertId: Uuid,
  ruleId: Uuid,
  ruleName: Type.String({ minLength: 1, maxLength: 100 }),
  owner: AlertRuleOwner,
  vendorId: Id,
  deviceId: Id,
  homeId: Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], {
    description: 'The home the device belonged to when the alert opened; null while unclaimed.',
  }),
  severity: NotificationSeverity,
  condition: AlertConditionKind,
  property: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
    description:
      'The property or metric of a threshold rule; null for offline, no-data and device-event (whose value is ' +
      "the event's name).",
  }),
  message: Type.String({ maxLength: 1000, description: "The rule's message template, filled in." }),
  notify: Type.Optional(
    Type.Boolean({
      description:
        'false: people are not to be told (the rule is snoozed on this device, flapping, or was just muted by ' +
        'the home); the event still ' +
        'reaches history, live streams and webhooks. Absent means true.',
    }),
  ),
};
const Reading = Type.Union([Type.Number(), Type.String({ maxLength: 256 }), Type.Boolean(), Type.Null()]);

const example = {
  alertId: '3d9b2f4e-7a1c-4e8b-b5d0-2c6f9a1e7b35',
  ruleId: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
  ruleName: 'Frost in the cellar',
  owner: { kind: 'home' as const, homeId: '6f1c2a9e-4b7d-4e21-9c3a-8d5e0f7b1a24' },
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
  homeId: '6f1c2a9e-4b7d-4e21-9c3a-8d5e0f7b1a24',
  severity: 'critical' as const,
  condition: 'threshold' as const,
  property: 'temperature',
  message: 'Cellar thermostat: temperature is 4 °C (below 5 °C)',
};

/** A rule's condition held for its whole `for` duration on a device: the alert fires (once per opening). */
export const alertFiredV1 = defineMessage({
  name: 'alert.fired',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    ...alertFields,
    value: Type.Union([Reading], {
      description: "The reading that opened the alert (null: offline, no data; a device event's name).",
    }),
    pendingSince: EpochMs,
    firedAt: EpochMs,
  }),
  example: { ...example, value: 4, pendingSince: 1763719500000, firedAt: 1763719800000 },
  description:
    'Published through the alerts outbox once the transition is committed; the message id is ' +
    '`alert.fired:{alertId}`, the same on every re-send, so consumers drop duplicates.',
});

/** A firing alert's clear condition held (or the device came back): it resolves, once. */
export const alertResolvedV1 = defineMessage({
  name: 'alert.resolved',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    ...alertFields,
    value: Type.Union([Reading], {
      description:
        "The reading that resolved it (null: back online, data again, a device event's time ran out, its " +
        "rule was disabled or deleted; the clear event's name).",
    }),
    firedAt: EpochMs,
    resolvedAt: EpochMs,
  }),
  example: { ...example, value: 8, firedAt: 1763719800000, resolvedAt: 1763721600000 },
  description: 'Published through the alerts outbox; the message id is `alert.resolved:{alertId}`.',
});

/** Someone acknowledged a firing alert (and may have snoozed its rule on the device until a time). */
export const alertAcknowledgedV1 = defineMessage({
  name: 'alert.acknowledged',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    ...alertFields,
    acknowledgedBy: Uuid,
    acknowledgedAt: EpochMs,
    snoozedUntil: Type.Union([EpochMs, Type.Null()]),
  }),
  example: {
    ...example,
    acknowledgedBy: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    acknowledgedAt: 1763720100000,
    snoozedUntil: null,
  },
  description: 'Published through the alerts outbox; the message id is `alert.acknowledged:{alertId}`.',
});

/**
 * A critical alert was not acknowledged within its rule's escalation time: the next recipients are told
 * (level 1: the home's other members after its owners; each further level after the same time again).
 */
export const alertEscalatedV1 = defineMessage({
  name: 'alert.escalated',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    ...alertFields,
    level: Type.Integer({ minimum: 1, maximum: 10 }),
    firedAt: EpochMs,
    escalatedAt: EpochMs,
  }),
  example: { ...example, level: 1, firedAt: 1763719800000, escalatedAt: 1763720700000 },
  description:
    'Published through the alerts outbox; the message id is `alert.escalated:{alertId}:{level}`, once per level.',
});

/**
 * A rule started or stopped flapping on a device: it fired and resolved more often than its limit within its
 * window. While flapping, its openings are kept in the history but not notified; this event is told once.
 */
export const alertFlappingChangedV1 = defineMessage({
  name: 'alert.flapping-changed',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    ruleId: alertFields.ruleId,
    ruleName: alertFields.ruleName,
    owner: alertFields.owner,
    vendorId: alertFields.vendorId,
    deviceId: alertFields.deviceId,
    homeId: alertFields.homeId,
    severity: alertFields.severity,
    flapping: Type.Boolean({ description: 'true: it started flapping; false: it settled and is re-armed.' }),
    transitions: Type.Integer({
      minimum: 0,
      description: 'Fired and resolved transitions within the window.',
    }),
    windowSeconds: Type.Integer({ minimum: 1 }),
    changedAt: EpochMs,
  }),
  example: {
    ruleId: example.ruleId,
    ruleName: example.ruleName,
    owner: example.owner,
    vendorId: example.vendorId,
    deviceId: example.deviceId,
    homeId: example.homeId,
    severity: example.severity,
    flapping: true,
    transitions: 12,
    windowSeconds: 600,
    changedAt: 1763720000000,
  },
  description:
    'Published through the alerts outbox; the message id is `alert.flapping-changed:{ruleId}:{deviceId}:{changedAt}`.',
});
