import { isJsonObject } from '../json-object';
import { createViolation, type PayloadLimitViolation } from './payload-limits';

const hourMs = 60 * 60 * 1000;

/**
 * Where a device's `ts` may lie. Ahead of its arrival: at most one day, more than any time-zone mistake (at
 * most 14 hours) so a misconfigured device's data is kept, while a clock years ahead cannot place points
 * where no retention reaches them, nor hold a device's state (ordered by `ts` when it sends no `seq`) for
 * longer than a day. Behind: not before 2020, a fixed floor rather than a distance from now: a clock that
 * lost its time restarts at 1970 (or 1980, 2000: GPS and RTC epochs) and anything before 2020 is such a
 * clock, while a device offline for any length of time may still upload what it buffered, and a stored
 * message stays valid however late it is read again.
 */
export const deviceTimeWindow = { maxAheadMs: 24 * hourMs, minTs: Date.UTC(2020, 0, 1) } as const;

/**
 * Why a device message's `seq` or `ts` is unusable, or undefined: each, when present, must be a
 * non-negative safe integer (beyond 2^53 integers lose precision and their order), and `ts` must lie within
 * `deviceTimeWindow` (ahead of `receivedAtMs` at most a day). Compare with the time the message was received,
 * not the time it is checked, so a redelivery days later gets the same answer.
 */
export function findDeviceClockViolation(
  payload: unknown,
  receivedAtMs: number,
): PayloadLimitViolation | undefined {
  if (!isJsonObject(payload)) return undefined;
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
  if (ts < deviceTimeWindow.minTs) {
    return createViolation(
      'PAYLOAD_TS_INVALID',
      ['ts'],
      `ts ${describeTime(ts)} is before ${describeTime(deviceTimeWindow.minTs)}: the device clock is not set`,
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
