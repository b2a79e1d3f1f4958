import { device, frostCondition, rule } from '../../test/support/rule-fixtures';
import { createRuleIndex, type RuleIndex } from './rule-index';

const vendorRule = rule(frostCondition, {
  id: 'vendor-rule',
  owner: { kind: 'vendor', vendorId: device.vendorId },
  target: { kind: 'product', vendorId: device.vendorId, productId: device.productId },
});
const ids = (index: RuleIndex) => index.rulesOf(device).map((each) => each.id);

describe('the rule index', () => {
  it('a rule created through this replica while a reload reads is kept when the reload lands', () => {
    const index = createRuleIndex();
    const replace = index.startReload();
    index.put(rule(frostCondition));
    replace([], []);
    expect(ids(index)).toEqual(['rule-1']);
  });

  it('a rule deleted or disabled through this replica while a reload reads stays out of it', () => {
    const index = createRuleIndex();
    index.startReload()([rule(frostCondition), vendorRule], []);
    const replace = index.startReload();
    index.remove('rule-1');
    index.put({ ...vendorRule, enabled: false });
    replace([rule(frostCondition), vendorRule], []);
    expect(ids(index)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it("a home's mute set while a reload reads is kept, and a later reload's read decides again", () => {
    const index = createRuleIndex();
    index.startReload()([vendorRule], []);
    const replace = index.startReload();
    index.setMuted('home-1', vendorRule.id, true);
    replace([vendorRule], []);
    expect(ids(index)).toEqual([]);
    index.startReload()([vendorRule], []);
    expect(ids(index)).toEqual(['vendor-rule']);
  });
});
