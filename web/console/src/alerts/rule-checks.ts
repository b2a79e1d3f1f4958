/** What the owner typed in the rule form, checked before anything is sent: one sentence per problem, naming the field. */
import { isBlank, isLasting, isOrdering, type RuleFields } from './rule-draft';

/**
 * A device event's name: contracts' `keyPattern`, written again here because importing it brings contracts'
 * schemas (typebox) into the first JavaScript, 16 KB gzipped; rule-checks.test.ts checks the two are the same.
 */
export const eventNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** The most a duration may be: public-api takes up to a week of seconds. */
const weekMinutes = 7 * 24 * 60;

const toNumber = (text: string) => (isBlank(text) ? Number.NaN : Number(text));

/** A duration typed in minutes: a problem sentence, or undefined when it is more than 0 and at most a week. */
function checkMinutes(label: string, text: string): string | undefined {
  const minutes = toNumber(text);
  if (Number.isFinite(minutes) && minutes > 0 && minutes <= weekMinutes) return undefined;
  return `${label}: enter a number of minutes above 0 and at most ${weekMinutes} (a week).`;
}

function checkThreshold(fields: RuleFields): string | undefined {
  const ordering = isOrdering(fields.operator);
  const value = toNumber(fields.value);
  if (ordering ? !Number.isFinite(value) : isBlank(fields.value)) {
    return `Threshold: enter ${ordering ? 'a number' : 'a value'}.`;
  }
  if (isBlank(fields.clearValue) || !ordering) return undefined;
  const clearValue = toNumber(fields.clearValue);
  if (!Number.isFinite(clearValue)) return 'Clears when: enter a number, or leave it empty.';
  const below = fields.operator === '<' || fields.operator === '<=';
  if (below ? clearValue < value : clearValue > value) {
    return `Clears when: choose a value ${below ? 'at or above' : 'at or below'} the threshold (${value}), on the other side of where it fires.`;
  }
  return undefined;
}

function checkRange(fields: RuleFields): string | undefined {
  const [low, high] = [toNumber(fields.low), toNumber(fields.high)];
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 'Range: enter a low and a high number.';
  if (low >= high) return 'Range: the low value must be below the high one.';
  if (isBlank(fields.clearLow) && isBlank(fields.clearHigh)) return undefined;
  const [clearLow, clearHigh] = [toNumber(fields.clearLow), toNumber(fields.clearHigh)];
  if (!Number.isFinite(clearLow) || !Number.isFinite(clearHigh)) {
    return 'Clears inside: enter both numbers, or leave both empty.';
  }
  if (clearLow < low || clearHigh > high || clearLow > clearHigh) {
    return `Clears inside: choose a range within ${low} to ${high}, its low value at most its high one.`;
  }
  return undefined;
}

function checkEvent(fields: RuleFields): string | undefined {
  const name = fields.eventName.trim();
  const clearEvent = fields.clearEvent.trim();
  const namePattern = 'letters, digits, _ . or -, starting with a letter or _ (at most 64)';
  if (!eventNamePattern.test(name))
    return `Event: enter the event's name as the device sends it (${namePattern}).`;
  if (clearEvent !== '' && !eventNamePattern.test(clearEvent)) return `Resolved by event: ${namePattern}.`;
  if (clearEvent === name) return 'Resolved by event: name another event than the one that fires.';
  if (clearEvent === '' && isBlank(fields.resolveAfterMinutes)) {
    return 'Say how the alert resolves: an event that clears it, a number of minutes, or both.';
  }
  return isBlank(fields.resolveAfterMinutes)
    ? undefined
    : checkMinutes('Resolved after', fields.resolveAfterMinutes);
}

/** What is wrong with the fields before anything is sent, in a sentence naming the field; undefined when none. */
export function checkRuleFields(fields: RuleFields): string | undefined {
  if (isBlank(fields.name)) return 'Rule name: enter a name.';
  const forSeconds = toNumber(fields.forSeconds);
  const lasting = isLasting(fields.kind);
  if (lasting && !(Number.isInteger(forSeconds) && forSeconds >= 0 && forSeconds <= weekMinutes * 60)) {
    return 'For at least: enter a whole number of seconds, 0 to fire at once.';
  }
  if (lasting && isBlank(fields.property)) {
    return 'Reading: this device reports no reading to watch; alert when it goes offline or sends nothing instead.';
  }
  switch (fields.kind) {
    case 'threshold':
      return checkThreshold(fields);
    case 'outside-range':
      return checkRange(fields);
    case 'offline':
    case 'no-data':
      return checkMinutes(fields.kind === 'offline' ? 'Offline for' : 'No data for', fields.minutes);
    case 'device-event':
      return checkEvent(fields);
  }
}
