import { isRuleOfDevice, type AlertRule, type DeviceInfo } from './alert-rule';

/** The enabled rules in memory, found by device id or by product, so an event costs no database read. */
export interface RuleIndex {
  /** Replaces every rule (a periodic reload). */
  replace(rules: readonly AlertRule[]): void;
  /** Adds or replaces one rule (a change made through this replica); a disabled one is removed. */
  put(rule: AlertRule): void;
  remove(ruleId: string): void;
  /** True when some rule may apply to a device of this vendor: worth looking the device up. */
  mayHaveRules(vendorId: string, deviceId: string): boolean;
  /** The rules that apply to the device. */
  rulesOf(device: DeviceInfo): AlertRule[];
  readonly size: number;
}

const productKey = (vendorId: string, productId: string) => `${vendorId}/${productId}`;

/** Creates an empty index. */
export function createRuleIndex(): RuleIndex {
  let byId = new Map<string, AlertRule>();
  let byDevice = new Map<string, AlertRule[]>();
  let byProduct = new Map<string, AlertRule[]>();
  let vendorsWithProductRules = new Set<string>();
  const rebuild = () => {
    byDevice = new Map();
    byProduct = new Map();
    vendorsWithProductRules = new Set();
    for (const rule of byId.values()) {
      const { target } = rule;
      if (target.kind === 'device') append(byDevice, target.deviceId, rule);
      else {
        append(byProduct, productKey(target.vendorId, target.productId), rule);
        vendorsWithProductRules.add(target.vendorId);
      }
    }
  };
  return {
    replace(rules) {
      byId = new Map(rules.filter((rule) => rule.enabled).map((rule) => [rule.id, rule]));
      rebuild();
    },
    put(rule) {
      if (rule.enabled) byId.set(rule.id, rule);
      else byId.delete(rule.id);
      rebuild();
    },
    remove(ruleId) {
      if (byId.delete(ruleId)) rebuild();
    },
    mayHaveRules: (vendorId, deviceId) => byDevice.has(deviceId) || vendorsWithProductRules.has(vendorId),
    rulesOf(device) {
      const candidates = [
        ...(byDevice.get(device.deviceId) ?? []),
        ...(byProduct.get(productKey(device.vendorId, device.productId)) ?? []),
      ];
      return candidates.filter((rule) => isRuleOfDevice(rule, device));
    },
    get size() {
      return byId.size;
    },
  };
}

function append(map: Map<string, AlertRule[]>, key: string, rule: AlertRule): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else list.push(rule);
}
