import { findDeviceClockViolation } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { OrderKey } from './ports';

/** The ordering fields a device message may carry, and when fan-out received it. */
export interface OrderedMessage {
  readonly receivedAt: number;
  readonly payload: { readonly seq?: number; readonly ts?: number };
}

const absent = -1;

/**
 * The message's order key [seq, ts, receivedAt]. Keys compare left to right, so `seq` decides for a
 * device that numbers its messages, `ts` (then received-at) breaks ties or decides for one that does not.
 * A redelivered message has the same envelope, hence the same key: it is never newer than itself.
 */
export function buildOrderKey(message: OrderedMessage): OrderKey {
  const { seq, ts } = message.payload;
  return [seq ?? absent, ts ?? absent, message.receivedAt];
}

/** When the device says the message happened: its clock (`ts`) if it sent one, else the received-at time. */
export function readDeviceTime(message: OrderedMessage): number {
  return message.payload.ts ?? message.receivedAt;
}

/**
 * Refuses (AppError `invalid` with the limit's code, dead-lettered alone) a message whose `ts` lies outside
 * contracts' `deviceTimeWindow` of when fan-out received it, or whose `seq`/`ts` is no safe integer. Fan-out
 * refuses these already; checked again because a point far in the future would stay ahead of every later
 * one (and of the retention), and a report's `ts` orders its state for a device without `seq`. Compared
 * with `receivedAt`, not now, so a redelivery gets the same answer.
 */
export function requireUsableClock(message: OrderedMessage): void {
  const violation = findDeviceClockViolation(message.payload, message.receivedAt);
  if (violation !== undefined) {
    throw new AppError('invalid', violation.code, violation.message, { details: { path: violation.path } });
  }
}
