import type { AlertRuleView } from './alert-view';
import {
  fieldsOfRule,
  newRuleFields,
  toCreateRuleRequest,
  toUpdateRuleRequest,
  type RuleFields,
} from './rule-draft';
import type { RuleOwner } from './rule-owner';

const thermostat = { id: 'th-1', features: ['temperature', 'setpoint', 'mode'] };
const home: RuleOwner = { kind: 'home', homeId: '8f14e45f-ceea-467f-a0e6-0b8d3c1a2b4c' };
const draft = (changes: Partial<RuleFields>): RuleFields => ({
  ...newRuleFields(thermostat),
  name: ' Freezer ',
  ...changes,
});

/** A rule as public-api lists it, made of a create request. */
function listed(fields: RuleFields, owner: RuleOwner = home): AlertRuleView {
  const { target, clear, ...rest } = toCreateRuleRequest(owner, fields);
  return {
    ...rest,
    id: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a',
    owner,
    target,
    clear: clear ?? null,
    enabled: true,
    createdAt: '2026-12-04T08:00:00.000Z',
    updatedAt: '2026-12-04T08:00:00.000Z',
  };
}

describe('an alert rule as the owner fills it in', () => {
  it('sends a threshold with the opposite comparison as its clear condition', () => {
    const fields = draft({
      property: 'temperature',
      operator: '<',
      value: '5',
      clearValue: '7',
      forSeconds: '60',
    });
    expect(toCreateRuleRequest(home, fields)).toEqual({
      name: 'Freezer',
      target: { kind: 'device', deviceId: 'th-1' },
      condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
      clear: { operator: '>', value: 7 },
      forSeconds: 60,
      severity: 'warning',
      message: '{device}: {property} is {value}',
    });
  });

  it('compares a word with equal to, typed as the device reports it', () => {
    expect(
      toCreateRuleRequest(home, draft({ property: 'mode', operator: '==', value: 'off' })).condition,
    ).toEqual({
      kind: 'threshold',
      source: 'state',
      property: 'mode',
      operator: '==',
      value: false,
    });
  });

  it('sends a range with its narrower clear range', () => {
    const fields = draft({ kind: 'outside-range', low: '18', high: '24', clearLow: '19', clearHigh: '23' });
    expect(toCreateRuleRequest(home, fields)).toMatchObject({
      condition: { kind: 'outside-range', source: 'state', property: 'temperature', low: 18, high: 24 },
      clear: { operator: 'inside-range', low: 19, high: 23 },
    });
  });

  it('sends "offline for 10 minutes" in seconds, without a clear condition or a duration of its own', () => {
    const fields = draft({ kind: 'offline', minutes: '10', forSeconds: '30', clearValue: '7' });
    expect(toCreateRuleRequest(home, fields)).toEqual({
      name: 'Freezer',
      target: { kind: 'device', deviceId: 'th-1' },
      condition: { kind: 'offline', afterSeconds: 600 },
      forSeconds: 0,
      severity: 'warning',
      message: '{device} is offline',
    });
  });

  it('sends "no data for an hour" as no-data', () => {
    const fields = draft({ kind: 'no-data', minutes: '60' });
    expect(toCreateRuleRequest(home, fields)).toMatchObject({
      condition: { kind: 'no-data', afterSeconds: 3600 },
      message: '{device} has sent nothing',
    });
  });

  it('sends a device event with its severity filter and how it resolves', () => {
    const fields = draft({
      kind: 'device-event',
      eventName: ' door-forced ',
      minSeverity: 'warning',
      clearEvent: 'door-closed',
      resolveAfterMinutes: '30',
    });
    expect(toCreateRuleRequest(home, fields)).toMatchObject({
      condition: {
        kind: 'device-event',
        name: 'door-forced',
        minSeverity: 'warning',
        clearEvent: 'door-closed',
        resolveAfterSeconds: 1800,
      },
      forSeconds: 0,
      message: '{device} reported {threshold}',
    });
    expect(toCreateRuleRequest(home, { ...fields, minSeverity: 'info', clearEvent: '' }).condition).toEqual({
      kind: 'device-event',
      name: 'door-forced',
      resolveAfterSeconds: 1800,
    });
  });
});

describe("a maker's default rule, filled in the owners' form", () => {
  const maker: RuleOwner = { kind: 'vendor', vendorId: 'acme' };
  const product = { id: 'thermo-2', features: ['temperature', 'battery'] };

  it('watches every device of the chosen product of the vendor, and opens again on that product', () => {
    const fields: RuleFields = {
      ...newRuleFields(product),
      name: 'Battery low',
      property: 'battery',
      value: '15',
    };
    expect(toCreateRuleRequest(maker, fields)).toMatchObject({
      target: { kind: 'product', vendorId: 'acme', productId: 'thermo-2' },
      condition: { kind: 'threshold', property: 'battery', operator: '<', value: 15 },
    });
    expect(fieldsOfRule(listed(fields, maker))).toEqual({ ...fields, watchedId: 'thermo-2' });
  });
});

describe('an alert rule edited in the same form', () => {
  it('fills the form with each kind of rule as it was made', () => {
    const made: RuleFields[] = [
      draft({ operator: '>=', value: '30', clearValue: '28', forSeconds: '120', severity: 'critical' }),
      draft({ kind: 'outside-range', low: '18', high: '24', clearLow: '19', clearHigh: '23' }),
      draft({ kind: 'offline', minutes: '10' }),
      draft({ kind: 'no-data', minutes: '1.5' }),
      draft({ kind: 'device-event', eventName: 'leak', clearEvent: 'dry', resolveAfterMinutes: '' }),
    ];
    for (const fields of made) {
      const again = fieldsOfRule(listed(fields));
      expect(toCreateRuleRequest(home, again)).toEqual(toCreateRuleRequest(home, fields));
    }
  });

  it('patches what the form holds, clearing a removed clear condition, and keeps the message of the same kind', () => {
    const rule = { ...listed(draft({ kind: 'offline', minutes: '10' })), message: 'The freezer plug is off' };
    const edited = { ...fieldsOfRule(rule), minutes: '15' };
    expect(toUpdateRuleRequest(rule, edited)).toEqual({
      name: 'Freezer',
      condition: { kind: 'offline', afterSeconds: 900 },
      clear: null,
      forSeconds: 0,
      severity: 'warning',
    });
    expect(toUpdateRuleRequest(rule, { ...edited, kind: 'no-data' })).toMatchObject({
      condition: { kind: 'no-data', afterSeconds: 900 },
      message: '{device} has sent nothing',
    });
  });
});
