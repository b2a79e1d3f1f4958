import { parseDesiredValue } from '../automations/automation-draft';
import type { AlertRuleView, Comparison } from './alert-view';
import { ruleTarget, type RuleOwner } from './rule-owner';

/** A rule's condition kind, as public-api names it. */
export type RuleKind = AlertRuleView['condition']['kind'];
/** A rule's severity, and the least severity a device-event rule fires on. */
export type Severity = AlertRuleView['severity'];

/** The condition kinds the form offers, in words. */
export const ruleKinds: readonly { readonly value: RuleKind; readonly label: string }[] = [
  { value: 'threshold', label: 'A reading crosses a threshold' },
  { value: 'outside-range', label: 'A reading leaves a range' },
  { value: 'offline', label: 'The device goes offline' },
  { value: 'no-data', label: 'The device sends nothing' },
  { value: 'device-event', label: 'The device reports an event' },
];

export const severities: readonly Severity[] = ['info', 'warning', 'critical'];

/** The opposite comparison, offered as the clear condition (fire below 5, clear above 7). */
export const opposite: Record<Comparison, Comparison> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '!=',
  '!=': '==',
};

/** The message a new rule of each kind sends (alerts fills the placeholders: {device}, {threshold}, ...). */
const messages: Record<RuleKind, string> = {
  threshold: '{device}: {property} is {value}',
  'outside-range': '{device}: {property} is {value}',
  offline: '{device} is offline',
  'no-data': '{device} has sent nothing',
  'device-event': '{device} reported {threshold}',
};

/** What the owner filled in, as typed; only the chosen kind's fields are read. */
export interface RuleFields {
  readonly name: string;
  readonly kind: RuleKind;
  /** The watched device of a home's new rule, or product of a vendor's (an edited rule keeps its target). */
  readonly watchedId: string;
  readonly source: 'state' | 'telemetry';
  readonly property: string;
  readonly operator: Comparison;
  readonly value: string;
  readonly clearValue: string;
  readonly low: string;
  readonly high: string;
  readonly clearLow: string;
  readonly clearHigh: string;
  /** Offline or silent at least this long. */
  readonly minutes: string;
  readonly eventName: string;
  readonly minSeverity: Severity;
  readonly clearEvent: string;
  readonly resolveAfterMinutes: string;
  readonly forSeconds: string;
  readonly severity: Severity;
}

/** A new rule's fields: a threshold on the watched device's or product's first feature, a warning. */
export function newRuleFields(
  watched: { readonly id: string; readonly features: readonly string[] } | undefined,
): RuleFields {
  return {
    name: '',
    kind: 'threshold',
    watchedId: watched?.id ?? '',
    source: 'state',
    property: watched?.features[0] ?? '',
    operator: '<',
    value: '',
    clearValue: '',
    low: '',
    high: '',
    clearLow: '',
    clearHigh: '',
    minutes: '10',
    eventName: '',
    minSeverity: 'info',
    clearEvent: '',
    resolveAfterMinutes: '',
    forSeconds: '0',
    severity: 'warning',
  };
}

const minutesOf = (seconds: number | undefined) => (seconds === undefined ? '' : String(seconds / 60));

/** The fields of an existing rule, to edit it in the same form. */
export function fieldsOfRule(rule: AlertRuleView): RuleFields {
  const { condition, clear } = rule;
  const fields: RuleFields = {
    ...newRuleFields(undefined),
    name: rule.name,
    kind: condition.kind,
    watchedId: rule.target.kind === 'device' ? rule.target.deviceId : rule.target.productId,
    forSeconds: String(rule.forSeconds),
    severity: rule.severity,
  };
  switch (condition.kind) {
    case 'threshold':
      return {
        ...fields,
        source: condition.source,
        property: condition.property,
        operator: condition.operator,
        value: String(condition.value),
        clearValue: clear !== null && clear.operator !== 'inside-range' ? String(clear.value) : '',
      };
    case 'outside-range':
      return {
        ...fields,
        source: condition.source,
        property: condition.property,
        low: String(condition.low),
        high: String(condition.high),
        ...(clear?.operator === 'inside-range' && {
          clearLow: String(clear.low),
          clearHigh: String(clear.high),
        }),
      };
    case 'offline':
    case 'no-data':
      return { ...fields, minutes: minutesOf(condition.afterSeconds) };
    case 'device-event':
      return {
        ...fields,
        eventName: condition.name,
        minSeverity: condition.minSeverity ?? 'info',
        clearEvent: condition.clearEvent ?? '',
        resolveAfterMinutes: minutesOf(condition.resolveAfterSeconds),
      };
  }
}

/** Whether a typed field is empty. */
export const isBlank = (text: string) => text.trim() === '';
/** Whether the comparison orders numbers (`==` and `!=` compare any value). */
export const isOrdering = (operator: Comparison) => operator !== '==' && operator !== '!=';

const secondsOf = (minutes: string) => Math.round(Number(minutes) * 60);

/** The condition the (checked) fields describe. */
export function toRuleCondition(fields: RuleFields): AlertRuleView['condition'] {
  const { source, property } = fields;
  switch (fields.kind) {
    case 'threshold':
      return {
        kind: 'threshold',
        source,
        property,
        operator: fields.operator,
        value: isOrdering(fields.operator) ? Number(fields.value) : parseDesiredValue(fields.value),
      };
    case 'outside-range':
      return { kind: 'outside-range', source, property, low: Number(fields.low), high: Number(fields.high) };
    case 'offline':
    case 'no-data':
      return { kind: fields.kind, afterSeconds: secondsOf(fields.minutes) };
    case 'device-event': {
      const clearEvent = fields.clearEvent.trim();
      return {
        kind: 'device-event',
        name: fields.eventName.trim(),
        ...(fields.minSeverity !== 'info' && { minSeverity: fields.minSeverity }),
        ...(clearEvent !== '' && { clearEvent }),
        ...(!isBlank(fields.resolveAfterMinutes) && {
          resolveAfterSeconds: secondsOf(fields.resolveAfterMinutes),
        }),
      };
    }
  }
}

/** The clear condition of the fields: a threshold's other side, a range's inner range; else none. */
export function toRuleClear(fields: RuleFields): AlertRuleView['clear'] {
  if (fields.kind === 'threshold' && !isBlank(fields.clearValue)) {
    const operator = opposite[fields.operator];
    return {
      operator,
      value: isOrdering(operator) ? Number(fields.clearValue) : parseDesiredValue(fields.clearValue),
    };
  }
  if (fields.kind === 'outside-range' && !isBlank(fields.clearLow)) {
    return { operator: 'inside-range', low: Number(fields.clearLow), high: Number(fields.clearHigh) };
  }
  return null;
}

/**
 * Whether the kind's condition must hold `forSeconds` before it fires: a reading's. Offline and no-data rules
 * have their own duration; a device event is a moment (public-api: forSeconds 0).
 */
export const isLasting = (kind: RuleKind) => kind === 'threshold' || kind === 'outside-range';

/** What both creating and editing send: name, condition, clear, duration, severity. */
function toRuleBody(fields: RuleFields) {
  return {
    name: fields.name.trim(),
    condition: toRuleCondition(fields),
    forSeconds: isLasting(fields.kind) ? Number(fields.forSeconds) : 0,
    severity: fields.severity,
  };
}

/**
 * The body of POST /v1/homes/{homeId}/alert-rules (a rule on one device of the home) or
 * /v1/vendors/{vendorId}/alert-rules (on every device of one of the vendor's products).
 */
export function toCreateRuleRequest(owner: RuleOwner, fields: RuleFields) {
  const clear = toRuleClear(fields);
  return {
    ...toRuleBody(fields),
    target: ruleTarget(owner, fields.watchedId),
    ...(clear !== null && { clear }),
    message: messages[fields.kind],
  };
}

/**
 * The body of a rule's PATCH (either owner's): the fields, and the new kind's message when the
 * kind changed (a message of the same kind, perhaps written through the API, is kept).
 */
export function toUpdateRuleRequest(rule: AlertRuleView, fields: RuleFields) {
  return {
    ...toRuleBody(fields),
    clear: toRuleClear(fields),
    ...(rule.condition.kind !== fields.kind && { message: messages[fields.kind] }),
  };
}
