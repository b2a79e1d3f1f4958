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

/**
 * Creates the memory. A rule's key includes its last change, so a changed rule starts unknown; entries expire
 * so that a replica taking the queue over again never trusts what another replica may have changed since.
 */
export function createRuleMemory(verifyAfterMs: number): RuleMemory {
  const entries = new Map<string, RuleOutcome & { readonly verifiedAtMs: number }>();
  const keyOf = (rule: AlertRule, deviceId: string) => `${rule.id}@${rule.updatedAt.getTime()}/${deviceId}`;
  return {
    recall(rule, deviceId, nowMs) {
      const entry = entries.get(keyOf(rule, deviceId));
      return entry !== undefined && nowMs - entry.verifiedAtMs < verifyAfterMs ? entry : undefined;
    },
    remember(rule, deviceId, outcome, verifiedAtMs) {
      const key = keyOf(rule, deviceId);
      const at = verifiedAtMs ?? entries.get(key)?.verifiedAtMs;
      if (at !== undefined) entries.set(key, { ...outcome, verifiedAtMs: at });
    },
    prune(nowMs) {
      for (const [key, entry] of entries) {
        if (nowMs - entry.verifiedAtMs >= verifyAfterMs) entries.delete(key);
      }
    },
  };
}
