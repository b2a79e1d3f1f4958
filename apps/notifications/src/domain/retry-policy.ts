import type { DeliveryOutcome } from './channels';
import type { NextStep } from './ports';

/** How transient failures are retried. */
export interface RetryPolicy {
  /** Wait after the first failed attempt; doubled after each further one... */
  readonly baseDelayMs: number;
  /** ...up to this. */
  readonly maxDelayMs: number;
  /** After this many attempts a transient failure counts as permanent. */
  readonly maxAttempts: number;
}

/**
 * Exponential backoff with "equal jitter": half the capped delay, plus a random part of the other half, so
 * retries of many rows spread out (no thundering herd at a recovering provider) yet never come back at once.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Where a row goes after its `attempt`-th attempt (1-based) came to `outcome`. */
export function decideNextStep(
  policy: RetryPolicy,
  attempt: number,
  outcome: DeliveryOutcome,
  random: () => number = Math.random,
): NextStep {
  if (outcome.kind === 'delivered') return { status: 'delivered' };
  if (outcome.kind === 'permanent' || attempt >= policy.maxAttempts) return { status: 'failed' };
  // A provider's Retry-After is a floor: retrying sooner would be refused again (RFC 9110 §10.2.3).
  return {
    status: 'pending',
    delayMs: Math.max(backoffDelayMs(policy, attempt, random), outcome.retryAfterMs ?? 0),
  };
}
