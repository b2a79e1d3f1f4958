import { findJsonDepthViolation } from './json-depth';
import {
  devicePayloadLimits,
  findPayloadLimitViolation,
  type PayloadLimits,
  type PayloadLimitViolation,
} from './payload-limits';

/** JSON text read within the limits, or why not: not JSON at all, or beyond a limit. */
export type JsonReading =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: 'not_json'; readonly message: string }
  | { readonly ok: false; readonly kind: 'beyond_limits'; readonly violation: PayloadLimitViolation };

/**
 * Parses JSON text that came from outside: the nesting is checked on the raw text first (no deep structure
 * is ever built), then the parsed value is walked for the other limits. Use it at every entry point
 * instead of JSON.parse.
 */
export function readJsonWithinLimits(text: string, limits: PayloadLimits = devicePayloadLimits): JsonReading {
  const tooDeep = findJsonDepthViolation(text, limits.maxDepth);
  if (tooDeep !== undefined) return { ok: false, kind: 'beyond_limits', violation: tooDeep };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, kind: 'not_json', message: error instanceof Error ? error.message : String(error) };
  }
  const violation = findPayloadLimitViolation(value, limits);
  return violation === undefined ? { ok: true, value } : { ok: false, kind: 'beyond_limits', violation };
}
