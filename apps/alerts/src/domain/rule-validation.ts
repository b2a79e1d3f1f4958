import type {
  AlertClearCondition,
  AlertCondition,
  AlertRuleOwner,
  AlertRuleTarget,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AlertRule } from './alert-rule';
import type { DeviceDirectory } from './ports';

/** The product a rule's target is checked against. */
export interface RuleProduct {
  readonly vendorId: string;
  readonly productId: string;
}

/**
 * Finds the product of a rule's target: a home's device must be in that home, a vendor's rule targets one
 * of its own products. Someone else's device answers as a missing one.
 */
export async function resolveRuleProduct(
  directory: DeviceDirectory,
  owner: AlertRuleOwner,
  target: AlertRuleTarget,
): Promise<RuleProduct> {
  if (target.kind === 'product') {
    if (owner.kind === 'vendor' && owner.vendorId !== target.vendorId) {
      throw new AppError('invalid', 'RULE_TARGET_INVALID', "a vendor's rule targets one of its own products");
    }
    return { vendorId: target.vendorId, productId: target.productId };
  }
  if (owner.kind === 'vendor') {
    throw new AppError('invalid', 'RULE_TARGET_INVALID', "a vendor's rule targets a product, not one device");
  }
  const device = await directory.findDevice(target.deviceId);
  if (device?.homeId !== owner.homeId) {
    throw new AppError('not_found', 'DEVICE_NOT_FOUND', `no device ${target.deviceId} in this home`);
  }
  return { vendorId: device.vendorId, productId: device.productId };
}

/** Checks that the condition's property is one of the product's features and that its ranges make sense. */
export async function checkRuleCondition(
  directory: DeviceDirectory,
  product: RuleProduct,
  condition: AlertCondition,
  clear: AlertClearCondition | null,
): Promise<void> {
  if (condition.kind === 'device-event') {
    checkEventCondition(condition, clear);
    return;
  }
  if (condition.kind === 'offline' || condition.kind === 'no-data') {
    if (clear !== null) {
      throw new AppError(
        'invalid',
        'RULE_CLEAR_INVALID',
        `a ${condition.kind} rule clears when the device is back`,
      );
    }
    return;
  }
  if (condition.kind === 'outside-range' && condition.low >= condition.high) {
    throw new AppError('invalid', 'RULE_RANGE_INVALID', 'the range needs low < high');
  }
  if (clear?.operator === 'inside-range' && clear.low > clear.high) {
    throw new AppError('invalid', 'RULE_RANGE_INVALID', 'the clear range needs low <= high');
  }
  const features = await directory.findProductFeatures(product.vendorId, product.productId);
  if (features === undefined) {
    throw new AppError(
      'not_found',
      'PRODUCT_NOT_FOUND',
      `no product ${product.productId} of ${product.vendorId}`,
    );
  }
  if (!features.includes(condition.property)) {
    throw new AppError(
      'invalid',
      'RULE_PROPERTY_UNKNOWN',
      `${condition.property} is not a feature of product ${product.productId}`,
      { details: { property: condition.property, features: [...features] } },
    );
  }
}

/**
 * A device-event rule resolves on its own terms: a clear event or a time (at least one), never a clear
 * condition. Products declare no event names (broker-api's products have features only), so any well-formed
 * name is accepted; the name differs from the clear event's.
 */
function checkEventCondition(
  condition: Extract<AlertCondition, { kind: 'device-event' }>,
  clear: AlertClearCondition | null,
): void {
  const invalid = (message: string) =>
    new AppError('invalid', 'RULE_CLEAR_INVALID', message, { details: { field: 'condition' } });
  if (clear !== null) throw invalid('a device-event rule resolves on clearEvent or resolveAfterSeconds');
  if (condition.clearEvent === undefined && condition.resolveAfterSeconds === undefined) {
    throw invalid('a device-event rule names clearEvent, resolveAfterSeconds or both');
  }
  if (condition.clearEvent === condition.name) throw invalid('clearEvent differs from the event that fires');
}

/**
 * Checks the options beside the condition: only a critical rule escalates (people are woken up for what is
 * urgent, never for a warning); a device event has no `for` (it is a moment, not a state that lasts).
 */
export function checkRuleOptions(
  rule: Pick<AlertRule, 'severity' | 'escalation' | 'condition' | 'forSeconds'>,
): void {
  if (rule.condition.kind === 'device-event' && rule.forSeconds > 0) {
    throw new AppError('invalid', 'RULE_FOR_INVALID', 'a device-event rule fires at once (forSeconds 0)', {
      details: { field: 'forSeconds' },
    });
  }
  if (rule.escalation !== null && rule.severity !== 'critical') {
    throw new AppError('invalid', 'RULE_ESCALATION_INVALID', 'only a critical rule escalates', {
      details: { field: 'escalation', severity: rule.severity },
    });
  }
}
