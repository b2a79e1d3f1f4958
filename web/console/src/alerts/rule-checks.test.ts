import { keyPattern } from '@homeport/contracts';
import { checkRuleFields, eventNamePattern } from './rule-checks';
import { newRuleFields, type RuleFields } from './rule-draft';

const draft = (changes: Partial<RuleFields>): RuleFields => ({
  ...newRuleFields({ id: 'th-1', features: ['temperature', 'mode'] }),
  name: 'Freezer',
  ...changes,
});

describe('an alert rule checked before it is sent', () => {
  it('takes a threshold with its clear value on the other side, and refuses one on the side where it fires', () => {
    expect(checkRuleFields(draft({ operator: '<', value: '5', clearValue: '7' }))).toBeUndefined();
    expect(checkRuleFields(draft({ operator: '<', value: '5', clearValue: '3' }))).toBe(
      'Clears when: choose a value at or above the threshold (5), on the other side of where it fires.',
    );
    expect(checkRuleFields(draft({ operator: '>', value: 'warm' }))).toBe('Threshold: enter a number.');
    expect(checkRuleFields(draft({ property: 'mode', operator: '==', value: 'eco' }))).toBeUndefined();
  });

  it('takes a range with a narrower clear range, and refuses a range upside down or half a clear range', () => {
    const fields = draft({ kind: 'outside-range', low: '18', high: '24', clearLow: '19', clearHigh: '23' });
    expect(checkRuleFields(fields)).toBeUndefined();
    expect(checkRuleFields({ ...fields, low: '24', high: '18' })).toBe(
      'Range: the low value must be below the high one.',
    );
    expect(checkRuleFields({ ...fields, clearHigh: '' })).toBe(
      'Clears inside: enter both numbers, or leave both empty.',
    );
    expect(checkRuleFields({ ...fields, clearLow: '17' })).toBe(
      'Clears inside: choose a range within 18 to 24, its low value at most its high one.',
    );
  });

  it('takes offline or silent for some minutes up to a week, not 0 nor more', () => {
    expect(checkRuleFields(draft({ kind: 'no-data', minutes: '60' }))).toBeUndefined();
    expect(checkRuleFields(draft({ kind: 'offline', minutes: '0' }))).toBe(
      'Offline for: enter a number of minutes above 0 and at most 10080 (a week).',
    );
    expect(checkRuleFields(draft({ kind: 'no-data', minutes: '10081' }))).toMatch(/^No data for: /);
  });

  it('asks a device event for a well-formed name and one way to resolve, another event than its own', () => {
    const fields = draft({ kind: 'device-event', eventName: 'door-forced', clearEvent: 'door-closed' });
    expect(checkRuleFields(fields)).toBeUndefined();
    expect(checkRuleFields({ ...fields, clearEvent: '', resolveAfterMinutes: '' })).toBe(
      'Say how the alert resolves: an event that clears it, a number of minutes, or both.',
    );
    expect(checkRuleFields({ ...fields, eventName: 'door forced' })).toMatch(/^Event: /);
    expect(checkRuleFields({ ...fields, clearEvent: 'door-forced' })).toBe(
      'Resolved by event: name another event than the one that fires.',
    );
  });

  it("checks an event's name as contracts do", () => {
    expect(eventNamePattern.source).toBe(keyPattern);
  });

  it('refuses a nameless rule, a reading the device does not report, and a fractional duration', () => {
    expect(checkRuleFields(draft({ name: '  ' }))).toBe('Rule name: enter a name.');
    expect(checkRuleFields(draft({ value: '5', property: '' }))).toMatch(/^Reading: /);
    expect(checkRuleFields(draft({ value: '5', forSeconds: '1.5' }))).toMatch(/^For at least: /);
  });
});
