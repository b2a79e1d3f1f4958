import type { AlertClearCondition, AlertComparison, AlertCondition } from '@homeport/contracts';
import type { AlertSeverity } from './alert-rule';

/** A reading of a property or metric. */
export type Reading = number | string | boolean;

/** True when the value is a reading a rule can compare (JSON objects, arrays and null are not). */
export function isReading(value: unknown): value is Reading {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'string' ||
    typeof value === 'boolean'
  );
}

/** `value <operator> threshold`; order comparisons hold only between two numbers. */
export function compare(value: Reading, operator: AlertComparison, threshold: Reading): boolean {
  switch (operator) {
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
    default:
      if (typeof value !== 'number' || typeof threshold !== 'number') return false;
      return compareNumbers(value, operator, threshold);
  }
}

function compareNumbers(value: number, operator: '<' | '<=' | '>' | '>=', threshold: number): boolean {
  if (operator === '<') return value < threshold;
  if (operator === '<=') return value <= threshold;
  if (operator === '>') return value > threshold;
  return value >= threshold;
}

/** True when a threshold or range condition holds for the reading (offline and no-data never do here). */
export function isFiringReading(condition: AlertCondition, value: Reading): boolean {
  if (condition.kind === 'threshold') return compare(value, condition.operator, condition.value);
  if (condition.kind === 'outside-range') {
    return typeof value === 'number' && (value < condition.low || value > condition.high);
  }
  return false;
}

/**
 * True when a firing alert of the condition may resolve on the reading: its clear condition holds (hysteresis)
 * or, without one, the condition no longer holds.
 */
export function isClearingReading(
  condition: AlertCondition,
  clear: AlertClearCondition | null,
  value: Reading,
): boolean {
  if (clear === null) return !isFiringReading(condition, value);
  if (clear.operator === 'inside-range') {
    return typeof value === 'number' && value >= clear.low && value <= clear.high;
  }
  return compare(value, clear.operator, clear.value);
}

const severityRanks: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

/** A device event as rules see it: its name and severity (info when the device gave none). */
export interface DeviceEventReading {
  readonly name: string;
  readonly severity: AlertSeverity;
}

/** True when a device-event condition fires on the event: its name, at least its minimum severity. */
export function isFiringEvent(condition: AlertCondition, event: DeviceEventReading): boolean {
  return (
    condition.kind === 'device-event' &&
    condition.name === event.name &&
    severityRanks[event.severity] >= severityRanks[condition.minSeverity ?? 'info']
  );
}

/** True when the event is the clear event of a device-event condition. */
export function isClearingEvent(condition: AlertCondition, event: DeviceEventReading): boolean {
  return condition.kind === 'device-event' && condition.clearEvent === event.name;
}
