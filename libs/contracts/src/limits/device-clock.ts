import { createViolation, type PayloadLimitViolation } from './payload-limits';

const hourMs = 60 * 60 * 1000;

/**
 * How far a device's `ts` may lie from when its message arrived. Ahead: one day, more than any time-zone
 * mistake (at most 14 hours) so a misconfigured device's data is kept, while a clock years ahead cannot
 * place points where no retention reaches them, nor hold a device's state (ordered by `ts` when it sends no
 * `seq`) for longer than a day. Behind: a year, so a device that was offline for months can still upload
 * what it buffered, while a clock that restarted at 1970 (no battery-backed clock) is refused.
 */
export const deviceTimeWindow = { maxAheadMs: 24 * hourMs, maxBehindMs: 365 * 24 * hourMs } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why a device message's `seq` or `ts` is unusable, or undefined: each, when present, must be a
 * non-negative safe integer (beyond 2^53 integers lose precision and their order), and `ts` must lie within
 * `deviceTimeWindow` of `receivedAtMs`. Compare with the time the message was received, not the time it is
 * checked, so a redelivery days later gets the same answer.
 */
export function findDeviceClockViolation(
  payload: unknown,
  receivedAtMs: number,
): PayloadLimitViolation | undefined {
  if (!isRecord(payload)) return undefined;
  const { seq, ts } = payload;
  if (seq !== undefined && !isCounter(seq)) {
    return createViolation('PAYLOAD_SEQ_INVALID', ['seq'], 'seq is not a non-negative safe integer');
  }
  if (ts === undefined) return undefined;
  if (!isCounter(ts)) {
    return createViolation('PAYLOAD_TS_INVALID', ['ts'], 'ts is not a non-negative safe integer');
  }
  if (ts > receivedAtMs + deviceTimeWindow.maxAheadMs) {
    return createViolation(
      'PAYLOAD_TS_INVALID',
      ['ts'],
      `ts ${describeTime(ts)} is more than a day ahead of its arrival ${describeTime(receivedAtMs)}`,
    );
  }
  if (ts < receivedAtMs - deviceTimeWindow.maxBehindMs) {
    return createViolation(
      'PAYLOAD_TS_INVALID',
      ['ts'],
      `ts ${describeTime(ts)} is more than a year before its arrival ${describeTime(receivedAtMs)}`,
    );
  }
  return undefined;
}

/** ISO time, or the number when it is beyond what a Date holds (±8.64e15 ms). */
function describeTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}

function isCounter(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
