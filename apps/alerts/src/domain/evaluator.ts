import type { AlertRule, DeviceInfo } from './alert-rule';
import type { CachedDevices } from './cached-directory';
import {
  isClearingEvent,
  isClearingReading,
  isFiringEvent,
  isFiringReading,
  isReading,
  type DeviceEventReading,
  type Reading,
} from './conditions';
import type { DeviceActivity } from './device-activity';
import type { AlertTransitions } from './ports';
import type { RuleIndex } from './rule-index';
import { createRuleMemory } from './rule-memory';

/** What the evaluator reads from the events of `alerts.device-events`. */
export type DeviceSignal =
  | {
      readonly kind: 'state' | 'telemetry';
      readonly vendorId: string;
      readonly deviceId: string;
      readonly values: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'event';
      readonly vendorId: string;
      readonly deviceId: string;
      readonly event: DeviceEventReading;
    }
  | {
      readonly kind: 'presence';
      readonly vendorId: string;
      readonly deviceId: string;
      readonly online: boolean;
    };

/** Evaluates one device's signals against its rules; the caller handles one device's signals one at a time. */
export interface Evaluator {
  handle(signal: DeviceSignal): Promise<void>;
  /** Forgets what is remembered longer ago than the verification window (the sweep calls it). */
  prune(): void;
  /** Forgets the device's cached home and product (it changed): its next signal looks them up again. */
  forgetDevice(deviceId: string): void;
}

/**
 * Creates the evaluator. It remembers, per rule and device, whether the condition and the clear condition
 * held at the last reading, and writes only when one of them flips (or the memory is older than
 * `verifyAfterMs`, or unknown after a start or a takeover): most events cost no database round trip.
 */
export function createEvaluator(deps: {
  readonly index: RuleIndex;
  readonly devices: CachedDevices;
  readonly transitions: AlertTransitions;
  readonly activity: DeviceActivity;
  readonly now: () => number;
  readonly verifyAfterMs: number;
}): Evaluator {
  const { transitions } = deps;
  const memory = createRuleMemory(deps.verifyAfterMs);

  const evaluateReading = async (rule: AlertRule, device: DeviceInfo, value: Reading, nowMs: number) => {
    const fire = isFiringReading(rule.condition, value);
    const clear = isClearingReading(rule.condition, rule.clear, value);
    const known = memory.recall(rule, device.deviceId, nowMs);
    let written = false;
    if (fire && known?.fire !== true) {
      await transitions.open({ rule, device }, { value, nowMs, dueAtMs: nowMs + rule.forSeconds * 1000 });
      written = true;
    }
    if (!fire && known?.fire !== false) {
      await transitions.cancelPending(rule.id, device.deviceId);
      written = true;
    }
    if (clear && known?.clear !== true) {
      await transitions.resolveFiring(rule.id, device.deviceId, { value, nowMs });
      written = true;
    }
    memory.remember(rule, device.deviceId, { fire, clear }, written ? nowMs : undefined);
  };

  // One read of the device's open alerts tells every unknown rule where it stands: an open alert is as if
  // its condition held at the last reading, none as if it cleared. A start or a takeover then costs one
  // read per device instead of a write per rule and device.
  const primeUnknown = async (rules: AlertRule[], device: DeviceInfo, nowMs: number) => {
    const unknown = rules.filter((rule) => memory.recall(rule, device.deviceId, nowMs) === undefined);
    if (unknown.length === 0) return;
    const open = await transitions.findOpen(device.deviceId);
    for (const rule of unknown) {
      const isOpen = open.has(rule.id);
      memory.remember(rule, device.deviceId, { fire: isOpen, clear: !isOpen }, nowMs);
    }
  };

  const evaluateReadings = async (
    rules: AlertRule[],
    device: DeviceInfo,
    source: 'state' | 'telemetry',
    values: Readonly<Record<string, unknown>>,
    nowMs: number,
  ) => {
    const readings = rules.flatMap((rule) => {
      const { condition } = rule;
      if (condition.kind !== 'threshold' && condition.kind !== 'outside-range') return [];
      const value = Object.hasOwn(values, condition.property) ? values[condition.property] : undefined;
      return condition.source === source && isReading(value) ? [{ rule, value }] : [];
    });
    await primeUnknown(
      readings.map(({ rule }) => rule),
      device,
      nowMs,
    );
    for (const { rule, value } of readings) await evaluateReading(rule, device, value, nowMs);
  };

  const handlePresence = async (rules: AlertRule[], device: DeviceInfo, online: boolean, nowMs: number) => {
    for (const rule of rules) {
      if (rule.condition.kind !== 'offline') continue;
      if (online) {
        await transitions.cancelPending(rule.id, device.deviceId);
        await transitions.resolveFiring(rule.id, device.deviceId, { value: null, nowMs });
      } else {
        const dueAtMs = nowMs + (rule.condition.afterSeconds + rule.forSeconds) * 1000;
        await transitions.open({ rule, device }, { value: null, nowMs, dueAtMs });
      }
    }
  };

  // A no-data alert is fired by a sweep (any replica's): data after a long enough silence may resolve one.
  const handleData = async (rules: AlertRule[], device: DeviceInfo, nowMs: number) => {
    const previousMs = deps.activity.touch(device, nowMs);
    const silentRules = rules.filter(
      (rule) =>
        rule.condition.kind === 'no-data' &&
        (previousMs === undefined || nowMs - previousMs >= (rule.condition.afterSeconds * 1000) / 2),
    );
    if (silentRules.length === 0) return;
    // Stored first, so that no sweep fires the rule again on the old time once it is resolved.
    await transitions.recordActivity([{ device, lastSeenMs: nowMs }]);
    for (const rule of silentRules) {
      await transitions.resolveFiring(rule.id, device.deviceId, { value: null, nowMs });
    }
  };

  // An event is a moment, not a state: a matching one opens the alert firing (once: the open-alert index),
  // the clear event resolves it. Events are rare next to readings: no memory, one statement each.
  const handleEvent = async (
    rules: AlertRule[],
    device: DeviceInfo,
    event: DeviceEventReading,
    nowMs: number,
  ) => {
    for (const rule of rules) {
      if (isFiringEvent(rule.condition, event)) {
        await transitions.open({ rule, device }, { value: event.name, nowMs, dueAtMs: nowMs });
      } else if (isClearingEvent(rule.condition, event)) {
        await transitions.resolveFiring(rule.id, device.deviceId, { value: event.name, nowMs });
      }
    }
  };

  return {
    async handle(signal) {
      if (!deps.index.mayHaveRules(signal.vendorId, signal.deviceId)) return;
      const device = await deps.devices.find(signal.deviceId);
      if (device?.vendorId !== signal.vendorId) return;
      const rules = deps.index.rulesOf(device);
      if (rules.length === 0) return;
      const nowMs = deps.now();
      if (signal.kind === 'presence') return handlePresence(rules, device, signal.online, nowMs);
      await handleData(rules, device, nowMs);
      if (signal.kind === 'event') return handleEvent(rules, device, signal.event, nowMs);
      await evaluateReadings(rules, device, signal.kind, signal.values, nowMs);
    },
    prune: () => {
      memory.prune(deps.now());
    },
    forgetDevice: (deviceId) => {
      deps.devices.forget(deviceId);
    },
  };
}
