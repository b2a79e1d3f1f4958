import type {
  AlertClearCondition,
  AlertFlappingPolicy,
  AlertCondition,
  AlertRuleOwner,
  AlertRuleTarget,
  MessagePayload,
  notificationRequestedV1,
} from '@homeport/contracts';

/** How urgent an alert is (the notifications' severities). */
export type AlertSeverity = MessagePayload<typeof notificationRequestedV1>['severity'];

/** A rule as the service keeps it. */
export interface AlertRule {
  readonly id: string;
  readonly owner: AlertRuleOwner;
  readonly target: AlertRuleTarget;
  /** The product the rule's features are checked against (a device rule: the device's, when it was created). */
  readonly vendorId: string;
  readonly productId: string;
  readonly name: string;
  readonly condition: AlertCondition;
  readonly clear: AlertClearCondition | null;
  readonly forSeconds: number;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly enabled: boolean;
  readonly flapping: AlertFlappingPolicy;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A device as the rules need it: which product it is and which home it is in. */
export interface DeviceInfo {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly productId: string;
  /** public-api's home id; null while unclaimed. */
  readonly homeId: string | null;
}

/** True when the rule applies to the device: its own device, or a device of its product (in its home). */
export function isRuleOfDevice(rule: AlertRule, device: DeviceInfo): boolean {
  if (rule.owner.kind === 'home' && rule.owner.homeId !== device.homeId) return false;
  if (rule.target.kind === 'device') return rule.target.deviceId === device.deviceId;
  return rule.target.vendorId === device.vendorId && rule.target.productId === device.productId;
}

/** The property a threshold rule reads, or undefined for offline and no-data rules. */
export function watchedProperty(rule: AlertRule): string | undefined {
  const { condition } = rule;
  return condition.kind === 'threshold' || condition.kind === 'outside-range'
    ? condition.property
    : undefined;
}
