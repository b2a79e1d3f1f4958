import type { ApiAnswer } from '../api/console-api';

/** An alert as public-api lists it to a member of its home. */
export type AlertView = ApiAnswer<'/v1/homes/{homeId}/alerts', 'get'>['items'][number];
/** A rule of the home, as public-api lists it. */
export type AlertRuleView = ApiAnswer<'/v1/homes/{homeId}/alert-rules', 'get'>['items'][number];

/** Comparisons a threshold rule offers, in words (the API's operators: `==` and `!=` for words and on/off too). */
export const comparisons = [
  { operator: '<', words: 'below' },
  { operator: '<=', words: 'at or below' },
  { operator: '>', words: 'above' },
  { operator: '>=', words: 'at or above' },
  { operator: '==', words: 'equal to' },
  { operator: '!=', words: 'not equal to' },
] as const;
/** One of the comparisons' operators. */
export type Comparison = (typeof comparisons)[number]['operator'];

/** A comparison in words ("below"); an operator the console does not word, as it is. */
export const comparisonWords = (operator: string) =>
  comparisons.find((comparison) => comparison.operator === operator)?.words ?? operator;

/**
 * A rule's condition in a sentence: "temperature below 5, clears above 7, for 3 min", "offline for 10 min",
 * "event door-forced (warning or worse), resolves on event door-closed or after 30 min".
 */
export function describeRule(rule: Pick<AlertRuleView, 'condition' | 'clear' | 'forSeconds'>): string {
  const { condition, clear, forSeconds } = rule;
  const parts: string[] = [];
  switch (condition.kind) {
    case 'threshold':
      parts.push(`${condition.property} ${comparisonWords(condition.operator)} ${String(condition.value)}`);
      break;
    case 'outside-range':
      parts.push(`${condition.property} outside ${condition.low}–${condition.high}`);
      break;
    case 'offline':
      parts.push(`offline for ${describeSeconds(condition.afterSeconds)}`);
      break;
    case 'no-data':
      parts.push(`no data for ${describeSeconds(condition.afterSeconds)}`);
      break;
    case 'device-event':
      parts.push(describeEvent(condition));
      break;
  }
  if (clear !== null) {
    parts.push(
      clear.operator === 'inside-range'
        ? `clears inside ${clear.low}–${clear.high}`
        : `clears ${comparisonWords(clear.operator)} ${String(clear.value)}`,
    );
  }
  if (forSeconds > 0) parts.push(`for ${describeSeconds(forSeconds)}`);
  return parts.join(', ');
}

/** A device-event condition: the event, the least severity it fires on, how it resolves. */
function describeEvent(condition: Extract<AlertRuleView['condition'], { kind: 'device-event' }>): string {
  const { name, minSeverity, clearEvent, resolveAfterSeconds } = condition;
  const severity = minSeverity === undefined || minSeverity === 'info' ? '' : ` (${minSeverity} or worse)`;
  const resolves = [
    ...(clearEvent === undefined ? [] : [`on event ${clearEvent}`]),
    ...(resolveAfterSeconds === undefined ? [] : [`after ${describeSeconds(resolveAfterSeconds)}`]),
  ];
  return `event ${name}${severity}, resolves ${resolves.join(' or ')}`;
}

/** 45 → "45 s", 180 → "3 min", 7200 → "2 h". */
export function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Where an alert stands, in words: what a person can still do about it. */
export function describeAlertStatus(alert: AlertView, now: number): string {
  if (alert.status === 'resolved') return 'resolved';
  if (alert.status === 'pending') return 'pending (not yet long enough to fire)';
  const snoozed = alert.snoozedUntil !== null && Date.parse(alert.snoozedUntil) > now;
  if (snoozed) return 'firing, acknowledged and snoozed';
  return alert.acknowledgedAt === null ? 'firing' : 'firing, acknowledged';
}

/** Whether the member may still acknowledge it (a firing alert nobody acknowledged). */
export const isAcknowledgeable = (alert: AlertView) =>
  alert.status === 'firing' && alert.acknowledgedAt === null;
