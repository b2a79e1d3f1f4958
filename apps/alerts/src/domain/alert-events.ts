import { alertFiredV1, alertResolvedV1, type MessagePayload } from '@homeport/contracts';
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
}

/** An event for the outbox: its contract's type, a stable message id and the payload. */
export interface AlertEvent {
  readonly messageType: string;
  readonly messageId: string;
  readonly payload: MessagePayload<typeof alertFiredV1> | MessagePayload<typeof alertResolvedV1>;
}

function describeAlert(record: AlertRecord) {
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
  };
}

/** alert.fired for an alert that just fired. */
export function buildFiredEvent(record: AlertRecord): AlertEvent {
  return {
    messageType: alertFiredV1.type,
    messageId: `alert.fired:${record.alertId}`,
    payload: {
      ...describeAlert(record),
      value: record.value,
      pendingSince: record.pendingSinceMs,
      firedAt: record.firedAtMs ?? record.pendingSinceMs,
    },
  };
}

/** alert.resolved for an alert that just resolved. */
export function buildResolvedEvent(record: AlertRecord): AlertEvent {
  const firedAt = record.firedAtMs ?? record.pendingSinceMs;
  return {
    messageType: alertResolvedV1.type,
    messageId: `alert.resolved:${record.alertId}`,
    payload: {
      ...describeAlert(record),
      value: record.resolvedValue,
      firedAt,
      resolvedAt: record.resolvedAtMs ?? firedAt,
    },
  };
}
