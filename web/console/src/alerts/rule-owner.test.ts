import type { AlertRuleView } from './alert-view';
import { describeTarget, readingsOf, ruleTarget, type RuleOwner, type Watchable } from './rule-owner';

const home: RuleOwner = { kind: 'home', homeId: '8f14e45f-ceea-467f-a0e6-0b8d3c1a2b4c' };
const maker: RuleOwner = { kind: 'vendor', vendorId: 'acme' };
const watchables: Watchable[] = [
  { id: 'th-1', label: 'Living room', productId: 'thermo-2', features: ['temperature', 'setpoint'] },
  { id: 'plug-1', label: 'Kettle', productId: 'plug', features: ['power'] },
];
const productTarget: AlertRuleView['target'] = { kind: 'product', vendorId: 'acme', productId: 'thermo-2' };

describe('who a rule belongs to and what it watches', () => {
  it("targets the chosen device for a home's rule, every device of the chosen product for a maker's", () => {
    expect(ruleTarget(home, 'th-1')).toEqual({ kind: 'device', deviceId: 'th-1' });
    expect(ruleTarget(maker, 'thermo-2')).toEqual(productTarget);
  });

  it('says what a rule watches in words, a product rule seen from a home as its devices of that product', () => {
    expect(describeTarget(home, { kind: 'device', deviceId: 'th-1' })).toBe('th-1');
    expect(describeTarget(home, productTarget)).toBe('every thermo-2 of the home');
    expect(describeTarget(maker, productTarget)).toBe('every thermo-2');
  });

  it("offers the readings of the chosen device or product, and of an edited product rule's product", () => {
    expect(readingsOf(watchables, 'plug-1', 'power', undefined)).toEqual(['power']);
    expect(readingsOf(watchables, 'plug-1', 'setpoint', productTarget)).toEqual(['temperature', 'setpoint']);
  });

  it("keeps an edited rule's reading first when its product no longer lists it", () => {
    expect(readingsOf(watchables, 'th-1', 'humidity', undefined)).toEqual([
      'humidity',
      'temperature',
      'setpoint',
    ]);
    expect(readingsOf([], 'gone', '', undefined)).toEqual([]);
  });
});
