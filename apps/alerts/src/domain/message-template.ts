import type { AlertRule } from './alert-rule';
import type { Reading } from './conditions';

/** What a rule's message template may name. */
interface TemplateValues {
  readonly rule: AlertRule;
  readonly deviceId: string;
  readonly value: Reading | null;
}

/** The threshold a rule's message shows: its value, its range, its event's name or its duration in seconds. */
function describeThreshold(rule: AlertRule): string {
  const { condition } = rule;
  if (condition.kind === 'threshold') return String(condition.value);
  if (condition.kind === 'outside-range') return `${condition.low}..${condition.high}`;
  if (condition.kind === 'device-event') return condition.name;
  return String(condition.afterSeconds);
}

/** Fills {rule}, {device}, {property}, {value} and {threshold}; an unknown placeholder stays as written. */
export function renderAlertMessage({ rule, deviceId, value }: TemplateValues): string {
  const { condition } = rule;
  const values: Record<string, string> = {
    rule: rule.name,
    device: deviceId,
    property: condition.kind === 'threshold' || condition.kind === 'outside-range' ? condition.property : '',
    value: value === null ? '' : String(value),
    threshold: describeThreshold(rule),
  };
  return rule.message
    .replace(/\{([a-z]+)\}/g, (placeholder, name: string) => values[name] ?? placeholder)
    .slice(0, 1000);
}
