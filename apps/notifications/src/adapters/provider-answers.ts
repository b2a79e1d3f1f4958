import { isJsonObject } from '@homeport/contracts';
import type { DeliveryOutcome } from '../domain/channels';

/**
 * The wait a provider asks for in Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function readRetryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** A transient outcome, with the provider's requested wait when it gave one. */
export function transientOutcome(reason: string, retryAfterMs?: number): DeliveryOutcome {
  return retryAfterMs === undefined
    ? { kind: 'transient', reason }
    : { kind: 'transient', reason, retryAfterMs };
}

/** A permanent outcome; `addressGone` when the address itself is dead and should be removed or marked. */
export function permanentOutcome(reason: string, addressGone: boolean): DeliveryOutcome {
  return { kind: 'permanent', reason, addressGone };
}

/** A transient outcome for an answer, with the wait its Retry-After header asks for. */
export function retryLaterOutcome(
  reason: string,
  answer: { readonly headers: Readonly<Record<string, string | string[] | undefined>> },
  nowMs: number,
): DeliveryOutcome {
  return transientOutcome(reason, readRetryAfterMs(answer.headers['retry-after'], nowMs));
}

/** Statuses that say "later": 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Parses a provider's JSON answer; undefined for anything that is not a JSON object (a malformed answer). */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
