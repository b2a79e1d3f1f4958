import type { AlertRule } from './alert-rule';

/** Whether a rule's condition and clear condition held at a device's last reading. */
export interface RuleOutcome {
  readonly fire: boolean;
  readonly clear: boolean;
}

/** The evaluator's memory of outcomes, trusted for `verifyAfterMs` after the store last confirmed them. */
export interface RuleMemory {
  /** The outcome remembered, or undefined when unknown or too old to trust. */
  recall(rule: AlertRule, deviceId: string, nowMs: number): RuleOutcome | undefined;
  /** Remembers an outcome; `verifiedAtMs` when the store was written with it (else the older time stays). */
  remember(rule: AlertRule, deviceId: string, outcome: RuleOutcome, verifiedAtMs: number | undefined): void;
  prune(nowMs: number): void;
}

interface Entry {
  fire: boolean;
  clear: boolean;
  verifiedAtMs: number;
}

/**
 * Creates the memory. A rule's key includes its last change, so a changed rule starts unknown; entries expire
 * so that a replica taking the queue over again never trusts what another replica may have changed since.
 * This is the hot path of every reading (each rule of the device, twice): entries are found by device, then
 * by the rule's key (made once per rule object), and updated in place, so a reading allocates nothing here.
 */
export function createRuleMemory(verifyAfterMs: number): RuleMemory {
  const byDevice = new Map<string, Map<string, Entry>>();
  const ruleKeys = new WeakMap<AlertRule, string>();
  const keyOf = (rule: AlertRule) => {
    let key = ruleKeys.get(rule);
    if (key === undefined) {
      key = `${rule.id}@${rule.updatedAt.getTime()}`;
      ruleKeys.set(rule, key);
    }
    return key;
  };
  return {
    recall(rule, deviceId, nowMs) {
      const entry = byDevice.get(deviceId)?.get(keyOf(rule));
      return entry !== undefined && nowMs - entry.verifiedAtMs < verifyAfterMs ? entry : undefined;
    },
    remember(rule, deviceId, { fire, clear }, verifiedAtMs) {
      const key = keyOf(rule);
      let entries = byDevice.get(deviceId);
      const entry = entries?.get(key);
      if (entry !== undefined) {
        entry.fire = fire;
        entry.clear = clear;
        if (verifiedAtMs !== undefined) entry.verifiedAtMs = verifiedAtMs;
        return;
      }
      if (verifiedAtMs === undefined) return;
      if (entries === undefined) {
        entries = new Map();
        byDevice.set(deviceId, entries);
      }
      entries.set(key, { fire, clear, verifiedAtMs });
    },
    prune(nowMs) {
      for (const [deviceId, entries] of byDevice) {
        for (const [key, entry] of entries) {
          if (nowMs - entry.verifiedAtMs >= verifyAfterMs) entries.delete(key);
        }
        if (entries.size === 0) byDevice.delete(deviceId);
      }
    },
  };
}
