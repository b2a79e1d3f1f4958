import { isRuleOfDevice, type AlertRule, type DeviceInfo } from './alert-rule';

/** The enabled rules in memory, found by device id or by product, so an event costs no database read. */
export interface RuleIndex {
  /**
   * Starts a reload (periodic: other replicas' changes): call it before reading the rules and mutes, then
   * hand what was read to the function it returns, which replaces every rule and mute with it. A change made
   * through this replica while the read was in flight is applied again on top: the read may have missed it.
   */
  startReload(): (rules: readonly AlertRule[], mutes: readonly { homeId: string; ruleId: string }[]) => void;
  /** Adds or replaces one rule (a change made through this replica); a disabled one is removed. */
  put(rule: AlertRule): void;
  remove(ruleId: string): void;
  /** A home muted (or unmuted) a vendor rule through this replica. */
  setMuted(homeId: string, ruleId: string, muted: boolean): void;
  /** True when some rule may apply to a device of this vendor: worth looking the device up. */
  mayHaveRules(vendorId: string, deviceId: string): boolean;
  /** The rules that apply to the device, but those its home muted. */
  rulesOf(device: DeviceInfo): AlertRule[];
  readonly size: number;
}

const productKey = (vendorId: string, productId: string) => `${vendorId}/${productId}`;
const muteKey = (homeId: string, ruleId: string) => `${homeId}/${ruleId}`;

/** Creates an empty index. */
export function createRuleIndex(): RuleIndex {
  let byId = new Map<string, AlertRule>();
  let byDevice = new Map<string, AlertRule[]>();
  let byProduct = new Map<string, AlertRule[]>();
  let vendorsWithProductRules = new Set<string>();
  let mutes = new Set<string>();
  // This replica's changes since the latest reload started, replayed over what that reload read.
  let changesDuringReload: (() => void)[] | undefined;
  const change = (apply: () => void) => {
    apply();
    changesDuringReload?.push(apply);
  };
  const isMuted = (rule: AlertRule, homeId: string | null) =>
    rule.owner.kind === 'vendor' && homeId !== null && mutes.has(muteKey(homeId, rule.id));
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
    startReload() {
      const changes: (() => void)[] = [];
      changesDuringReload = changes;
      return (rules, homeMutes) => {
        byId = new Map(rules.filter((rule) => rule.enabled).map((rule) => [rule.id, rule]));
        mutes = new Set(homeMutes.map((mute) => muteKey(mute.homeId, mute.ruleId)));
        for (const apply of changes) apply();
        rebuild();
        if (changesDuringReload === changes) changesDuringReload = undefined;
      };
    },
    put(rule) {
      change(() => {
        if (rule.enabled) byId.set(rule.id, rule);
        else byId.delete(rule.id);
      });
      rebuild();
    },
    remove(ruleId) {
      change(() => {
        byId.delete(ruleId);
      });
      rebuild();
    },
    setMuted(homeId, ruleId, muted) {
      change(() => {
        if (muted) mutes.add(muteKey(homeId, ruleId));
        else mutes.delete(muteKey(homeId, ruleId));
      });
    },
    mayHaveRules: (vendorId, deviceId) => byDevice.has(deviceId) || vendorsWithProductRules.has(vendorId),
    rulesOf(device) {
      const candidates = [
        ...(byDevice.get(device.deviceId) ?? []),
        ...(byProduct.get(productKey(device.vendorId, device.productId)) ?? []),
      ];
      return candidates.filter((rule) => isRuleOfDevice(rule, device) && !isMuted(rule, device.homeId));
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
