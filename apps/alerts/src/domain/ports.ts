import type { AlertRuleQuery } from '@homeport/contracts';
import type { AlertRule, DeviceInfo } from './alert-rule';
import type { AlertRecord } from './alert-events';
import type { Reading } from './conditions';

/** Where rules are kept (PostgreSQL, schema `alerts`). */
export interface RuleStore {
  insert(rule: AlertRule): Promise<void>;
  /** The rule, or undefined when there is none with this id. */
  get(ruleId: string): Promise<AlertRule | undefined>;
  /** An owner's rules (the query names exactly one owner), newest first. */
  list(query: AlertRuleQuery & { readonly limit: number }): Promise<AlertRule[]>;
  /**
   * Replaces the rule's changeable fields; false when it is gone. Disabled, it leaves no alert open: its firing
   * alerts resolve (alert.resolved, value null, at `updatedAt`) and its pending ones go, in the same transaction.
   */
  update(rule: AlertRule): Promise<boolean>;
  /** Deletes the rule and its alerts, its firing alerts resolved first as `update` does; false when there was none. */
  remove(ruleId: string, at: Date): Promise<boolean>;
  /** Every enabled rule: what the evaluator's index is built from. */
  listEnabled(): Promise<AlertRule[]>;
}

/** broker-api's registry as alerts needs it. */
export interface DeviceDirectory {
  /** The device's product and home, or undefined when the registry has no such device. */
  findDevice(deviceId: string): Promise<DeviceInfo | undefined>;
  /** The product's features, or undefined when it has no such product. */
  findProductFeatures(vendorId: string, productId: string): Promise<readonly string[] | undefined>;
}

/** A rule opening, resolving or cancelling on one device. */
export interface AlertSubject {
  readonly rule: AlertRule;
  readonly device: DeviceInfo;
}

/**
 * The durable alert transitions, each one conditional statement (or transaction with its outbox event), so
 * that replicas and restarts never open two alerts of a rule on a device nor fire or resolve one twice.
 */
export interface AlertTransitions {
  /**
   * Opens the rule's alert on the device unless one is open: pending until `dueAtMs`, or firing at once
   * (with its alert.fired event) when that is not later than `nowMs`.
   */
  open(
    subject: AlertSubject,
    opening: { readonly value: Reading | null; readonly nowMs: number; readonly dueAtMs: number },
  ): Promise<void>;
  /** The device's open alerts: rule id -> pending or firing (one read, what the evaluator starts from). */
  findOpen(deviceId: string): Promise<ReadonlyMap<string, 'pending' | 'firing'>>;
  /** Forgets the rule's pending alert on the device, if any (its condition stopped holding in time). */
  cancelPending(ruleId: string, deviceId: string): Promise<void>;
  /** Resolves the rule's firing alert on the device, if any, with its alert.resolved event. */
  resolveFiring(
    ruleId: string,
    deviceId: string,
    closing: { readonly value: Reading | null; readonly nowMs: number },
  ): Promise<void>;
  /** Fires the pending alerts due by `nowMs` (alert.fired each); resolves with how many fired. */
  fireDue(nowMs: number): Promise<number>;
  /** Records when devices were last heard from (no-data rules). */
  recordActivity(
    seen: readonly { readonly device: DeviceInfo; readonly lastSeenMs: number }[],
  ): Promise<void>;
  /** Fires the no-data rules of devices silent for their time by `nowMs`; resolves with how many fired. */
  fireSilent(nowMs: number): Promise<number>;
  /** Resolves the device-event alerts whose rule's `resolveAfterSeconds` ran out by `nowMs`; resolves with how many. */
  resolveExpired(nowMs: number): Promise<number>;
  /**
   * Settles the rules flapping on a device that were quiet for a whole window by `nowMs` (alert.flapping-changed
   * with flapping: false each, re-armed); resolves with how many settled.
   */
  settleFlapping(nowMs: number): Promise<number>;
  /**
   * Raises by one level the firing, unacknowledged alerts of escalating rules whose next level came due by
   * `nowMs` (alert.escalated each, once per level); resolves with how many escalated.
   */
  escalateDue(nowMs: number): Promise<number>;
}

/** Whose alerts a request may see: a home's (its devices'), a vendor's (its rules'), or, with neither, any. */
export interface AlertScope {
  readonly homeId?: string;
  readonly vendorId?: string;
}

/** Where an alert sits in the history's order (newest first): a page starts after it. */
export interface AlertPosition {
  readonly pendingSinceMs: number;
  readonly alertId: string;
}

/** What a history listing asks for, within its scope. */
export interface AlertFilter {
  readonly scope: AlertScope;
  readonly deviceId?: string;
  readonly ruleId?: string;
  readonly status?: 'pending' | 'firing' | 'resolved' | 'open';
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** The alerts' history and acknowledgements (PostgreSQL, `alerts.alerts`). */
export interface AlertHistoryStore {
  /** Up to `limit` alerts of the filter, newest opening first, after `after` when given. */
  list(
    filter: AlertFilter,
    page: { readonly limit: number; readonly after: AlertPosition | null },
  ): Promise<AlertRecord[]>;
  /** The alert, or undefined when there is none in the scope. */
  get(alertId: string, scope: AlertScope): Promise<AlertRecord | undefined>;
  /**
   * Acknowledges the alert if it is firing and unacknowledged (in the scope), snoozes its rule on the device
   * until `snoozedUntilMs` when given, and writes alert.acknowledged, in one transaction. Undefined when
   * nothing changed (not in the scope, not firing, or acknowledged already).
   */
  acknowledge(
    alertId: string,
    scope: AlertScope,
    acknowledgement: {
      readonly userId: string;
      readonly nowMs: number;
      readonly snoozedUntilMs: number | null;
    },
  ): Promise<AlertRecord | undefined>;
}

/** A home's mute of a vendor rule. */
export interface RuleMute {
  readonly homeId: string;
  readonly ruleId: string;
  readonly mutedAtMs: number;
}

/** The homes' mutes of vendor rules (PostgreSQL, `alerts.rule_mutes`). */
export interface RuleMuteStore {
  /**
   * Mutes the rule for the home (a second mute keeps the first time) and, in the same transaction, forgets its
   * pending alerts on the home's devices and resolves the firing ones (alert.resolved with notify: false).
   */
  mute(homeId: string, ruleId: string, nowMs: number): Promise<RuleMute>;
  /** Unmutes; false when it was not muted. */
  unmute(homeId: string, ruleId: string): Promise<boolean>;
  /** The home's mutes, newest first. */
  listOfHome(homeId: string): Promise<RuleMute[]>;
  /** Every mute: what the evaluator's index leaves out. */
  listAll(): Promise<RuleMute[]>;
}
