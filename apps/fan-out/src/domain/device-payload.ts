import {
  findDeviceClockViolation,
  isJsonObject,
  readJsonWithinLimits,
  type PayloadLimitViolation,
} from '@homeport/contracts';
import type { PayloadFormat } from './device-message';

/** The Homeport payload read from a provider's message, or why there is nothing to forward. */
export type PayloadReading =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly reason: 'not_json' | 'no_reported_state' }
  | { readonly ok: false; readonly reason: 'beyond_limits'; readonly violation: PayloadLimitViolation };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the bytes as JSON (refusing invalid UTF-8) within the payload limits of contracts, checked on the
 * raw text before parsing (fan-out reads third-party brokers too, which check nothing), converts the
 * provider's format into the Homeport payload and checks its `seq` and `ts` against `receivedAtMs`.
 * Validation against the contract is the bus's job at publish.
 */
export function readDevicePayload(
  format: PayloadFormat,
  bytes: Uint8Array,
  receivedAtMs: number,
): PayloadReading {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const json = readJsonWithinLimits(text);
  if (!json.ok) {
    return json.kind === 'not_json'
      ? { ok: false, reason: 'not_json' }
      : { ok: false, reason: 'beyond_limits', violation: json.violation };
  }
  const reading =
    format === 'homeport' ? { ok: true as const, payload: json.value } : readShadowUpdate(json.value);
  if (!reading.ok) return reading;
  const violation = findDeviceClockViolation(reading.payload, receivedAtMs);
  return violation === undefined ? reading : { ok: false, reason: 'beyond_limits', violation };
}

/**
 * An AWS IoT shadow update request is `{ state: { reported?, desired? }, clientToken?, version? }`; only its
 * `state.reported` is the device's state (a desired-only update comes from an application, not the device).
 */
function readShadowUpdate(json: unknown): PayloadReading {
  const reported = isJsonObject(json) && isJsonObject(json['state']) ? json['state']['reported'] : undefined;
  if (!isJsonObject(reported)) return { ok: false, reason: 'no_reported_state' };
  return { ok: true, payload: { state: reported } };
}
