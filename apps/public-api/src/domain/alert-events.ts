import type {
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
  LiveAlertEvent,
  LiveAlertFlappingEvent,
  MessagePayload,
} from '@homeport/contracts';

/** An alert event of homeport.events, by its public type. */
export type AlertMessage =
  | { readonly type: 'alert.fired'; readonly event: MessagePayload<typeof alertFiredV1> }
  | { readonly type: 'alert.resolved'; readonly event: MessagePayload<typeof alertResolvedV1> }
  | { readonly type: 'alert.acknowledged'; readonly event: MessagePayload<typeof alertAcknowledgedV1> }
  | { readonly type: 'alert.escalated'; readonly event: MessagePayload<typeof alertEscalatedV1> }
  | {
      readonly type: 'alert.flapping-changed';
      readonly event: MessagePayload<typeof alertFlappingChangedV1>;
    };

/** An alert event as people see it (live streams, webhooks): its public data, and whom it concerns. */
export type PublicAlertEvent =
  | {
      readonly type: Exclude<AlertMessage['type'], 'alert.flapping-changed'>;
      readonly data: Omit<LiveAlertEvent, 'homeId'>;
    }
  | { readonly type: 'alert.flapping-changed'; readonly data: Omit<LiveAlertFlappingEvent, 'homeId'> };

/** Where an alert event belongs: the home it opened in (null: the device was unclaimed), its vendor's rule or not. */
export interface AlertEventScope {
  readonly homeId: string | null;
  readonly vendorId: string;
  readonly deviceId: string;
  /** The vendor's own default rule (vendors' endpoints get these only). */
  readonly ofVendorRule: boolean;
  /** When it happened, epoch ms: the order of the device's events of its type. */
  readonly at: number;
}

const isoOf = (epochMs: number) => new Date(epochMs).toISOString();

/** When the transition happened, by type. */
function timeOf(message: AlertMessage): number {
  switch (message.type) {
    case 'alert.fired':
      return message.event.firedAt;
    case 'alert.resolved':
      return message.event.resolvedAt;
    case 'alert.acknowledged':
      return message.event.acknowledgedAt;
    case 'alert.escalated':
      return message.event.escalatedAt;
    case 'alert.flapping-changed':
      return message.event.changedAt;
  }
}

/** The event's scope and its public form (no notify flag, no owner's home id: the scope says the home). */
export function toPublicAlertEvent(message: AlertMessage): {
  scope: AlertEventScope;
  event: PublicAlertEvent;
} {
  const { event } = message;
  const at = timeOf(message);
  const scope: AlertEventScope = {
    homeId: event.homeId,
    vendorId: event.vendorId,
    deviceId: event.deviceId,
    ofVendorRule: event.owner.kind === 'vendor',
    at,
  };
  const rule = {
    vendorId: event.vendorId,
    deviceId: event.deviceId,
    ruleId: event.ruleId,
    ruleName: event.ruleName,
    ruleOwner: event.owner.kind,
    severity: event.severity,
  };
  if (message.type === 'alert.flapping-changed') {
    const { flapping, transitions, windowSeconds } = message.event;
    const data = { ...rule, flapping, transitions, windowSeconds, at: isoOf(at) };
    return { scope, event: { type: message.type, data } };
  }
  const { alertId, condition, property, message: text } = message.event;
  const base = { ...rule, alertId, condition, property, message: text, at: isoOf(at) };
  switch (message.type) {
    case 'alert.fired':
    case 'alert.resolved':
      return { scope, event: { type: message.type, data: { ...base, value: message.event.value } } };
    case 'alert.acknowledged': {
      const { acknowledgedBy, snoozedUntil } = message.event;
      const snoozed = snoozedUntil === null ? null : isoOf(snoozedUntil);
      return {
        scope,
        event: { type: message.type, data: { ...base, acknowledgedBy, snoozedUntil: snoozed } },
      };
    }
    case 'alert.escalated':
      return { scope, event: { type: message.type, data: { ...base, level: message.event.level } } };
  }
}
