import {
  alertAcknowledgedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
  type AlertStatus,
  type MessagePayload,
} from '@homeport/contracts';
import { watchedProperty, type AlertRule } from './alert-rule';
import type { Reading } from './conditions';
import { renderAlertMessage } from './message-template';

/** An alert as a transition left it, with its rule: what its events are made of. */
export interface AlertRecord {
  readonly alertId: string;
  readonly rule: AlertRule;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly homeId: string | null;
  readonly value: Reading | null;
  readonly pendingSinceMs: number;
  readonly firedAtMs: number | null;
  readonly resolvedAtMs: number | null;
  readonly resolvedValue: Reading | null;
  readonly status: AlertStatus;
  readonly acknowledgedAtMs: number | null;
  readonly acknowledgedBy: string | null;
  /** The snooze this alert's acknowledgement asked for. */
  readonly snoozedUntilMs: number | null;
  /** Until when the rule is snoozed on the device (by this or an earlier alert's acknowledgement). */
  readonly ruleSnoozedUntilMs: number | null;
  /** The device's home muted the (vendor's) rule. */
  readonly muted: boolean;
  /** The rule is flapping on the device. */
  readonly flapping: boolean;
}

/** An event for the outbox: its contract's type, a stable message id and the payload. */
export interface AlertEvent {
  readonly messageType: string;
  readonly messageId: string;
  readonly payload:
    | MessagePayload<typeof alertFiredV1>
    | MessagePayload<typeof alertResolvedV1>
    | MessagePayload<typeof alertAcknowledgedV1>
    | MessagePayload<typeof alertFlappingChangedV1>;
}

/** False while people are not to be told of the rule on the device: snoozed at `atMs`, muted or flapping. */
export function isNotified(record: AlertRecord, atMs: number): boolean {
  return (
    !record.muted &&
    !record.flapping &&
    (record.ruleSnoozedUntilMs === null || record.ruleSnoozedUntilMs <= atMs)
  );
}

function describeAlert(record: AlertRecord, atMs: number) {
  const { rule } = record;
  return {
    alertId: record.alertId,
    ruleId: rule.id,
    ruleName: rule.name,
    owner: rule.owner,
    vendorId: record.vendorId,
    deviceId: record.deviceId,
    homeId: record.homeId,
    severity: rule.severity,
    condition: rule.condition.kind,
    property: watchedProperty(rule) ?? null,
    message: renderAlertMessage({ rule, deviceId: record.deviceId, value: record.value }),
    notify: isNotified(record, atMs),
  };
}

/** alert.fired for an alert that just fired. */
export function buildFiredEvent(record: AlertRecord): AlertEvent {
  const firedAt = record.firedAtMs ?? record.pendingSinceMs;
  return {
    messageType: alertFiredV1.type,
    messageId: `alert.fired:${record.alertId}`,
    payload: {
      ...describeAlert(record, firedAt),
      value: record.value,
      pendingSince: record.pendingSinceMs,
      firedAt,
    },
  };
}

/** alert.resolved for an alert that just resolved. */
export function buildResolvedEvent(record: AlertRecord): AlertEvent {
  const firedAt = record.firedAtMs ?? record.pendingSinceMs;
  const resolvedAt = record.resolvedAtMs ?? firedAt;
  return {
    messageType: alertResolvedV1.type,
    messageId: `alert.resolved:${record.alertId}`,
    payload: {
      ...describeAlert(record, resolvedAt),
      value: record.resolvedValue,
      firedAt,
      resolvedAt,
    },
  };
}

/** alert.acknowledged for an alert someone just acknowledged (notify: false when they snoozed it). */
export function buildAcknowledgedEvent(record: AlertRecord): AlertEvent {
  const acknowledgedAt = record.acknowledgedAtMs ?? record.firedAtMs ?? record.pendingSinceMs;
  return {
    messageType: alertAcknowledgedV1.type,
    messageId: `alert.acknowledged:${record.alertId}`,
    payload: {
      ...describeAlert(record, acknowledgedAt),
      acknowledgedBy: record.acknowledgedBy ?? '',
      acknowledgedAt,
      snoozedUntil: record.snoozedUntilMs,
    },
  };
}

/** A rule that started or stopped flapping on a device. */
export interface FlappingChange {
  readonly rule: AlertRule;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly homeId: string | null;
  readonly flapping: boolean;
  /** Its transitions within the window when it changed. */
  readonly transitions: number;
  readonly changedAtMs: number;
}

/** alert.flapping-changed, told once per change. */
export function buildFlappingChangedEvent(change: FlappingChange): AlertEvent {
  const { rule } = change;
  return {
    messageType: alertFlappingChangedV1.type,
    messageId: `alert.flapping-changed:${rule.id}:${change.deviceId}:${change.changedAtMs}`,
    payload: {
      ruleId: rule.id,
      ruleName: rule.name,
      owner: rule.owner,
      vendorId: change.vendorId,
      deviceId: change.deviceId,
      homeId: change.homeId,
      severity: rule.severity,
      flapping: change.flapping,
      transitions: change.transitions,
      windowSeconds: rule.flapping.windowSeconds,
      changedAt: change.changedAtMs,
    },
  };
}
