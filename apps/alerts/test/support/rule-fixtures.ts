import type { AlertCondition } from '@homeport/contracts';
import type { AlertRule, DeviceInfo } from '../../src/domain/alert-rule';

/** The frost condition of the acceptance: a reported temperature below 5 °C. */
export const frostCondition: AlertCondition = {
  kind: 'threshold',
  source: 'state',
  property: 'temperature',
  operator: '<',
  value: 5,
};

/** The device of the unit tests' rules. */
export const device: DeviceInfo = {
  vendorId: 'acme',
  deviceId: 'thermostat-1',
  productId: 'thermo',
  homeId: 'home-1',
};

/** A home's frost-like rule on `device`, with `condition` and any field overridden. */
export function rule(condition: AlertCondition, overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'rule-1',
    owner: { kind: 'home', homeId: 'home-1' },
    target: { kind: 'device', deviceId: device.deviceId },
    vendorId: 'acme',
    productId: 'thermo',
    name: 'Frost',
    condition,
    clear: { operator: '>', value: 7 },
    forSeconds: 3,
    severity: 'critical',
    message: 'cold',
    enabled: true,
    flapping: { maxTransitions: 6, windowSeconds: 600 },
    escalation: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}
