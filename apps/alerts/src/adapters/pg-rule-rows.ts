import type { AlertClearCondition, AlertCondition } from '@homeport/contracts';
import type { AlertRule, AlertSeverity } from '../domain/alert-rule';

/** A row of `alerts.rules`. */
export interface RuleRow {
  id: string;
  owner_home_id: string | null;
  owner_vendor_id: string | null;
  target_device_id: string | null;
  target_vendor_id: string;
  target_product_id: string;
  name: string;
  condition: AlertCondition;
  clear: AlertClearCondition | null;
  for_seconds: number;
  severity: AlertSeverity;
  message: string;
  enabled: boolean;
  flap_max_transitions: number;
  flap_window_seconds: number;
  escalation_after_seconds: number | null;
  escalation_max_level: number | null;
  created_at: Date;
  updated_at: Date;
}

/** A rule row as the domain's rule (rows are only written from valid rules). */
export function readRuleRow(row: RuleRow): AlertRule {
  return {
    id: row.id,
    owner:
      row.owner_home_id === null
        ? { kind: 'vendor', vendorId: row.owner_vendor_id ?? '' }
        : { kind: 'home', homeId: row.owner_home_id },
    target:
      row.target_device_id === null
        ? { kind: 'product', vendorId: row.target_vendor_id, productId: row.target_product_id }
        : { kind: 'device', deviceId: row.target_device_id },
    vendorId: row.target_vendor_id,
    productId: row.target_product_id,
    name: row.name,
    condition: row.condition,
    clear: row.clear,
    forSeconds: row.for_seconds,
    severity: row.severity,
    message: row.message,
    enabled: row.enabled,
    flapping: { maxTransitions: row.flap_max_transitions, windowSeconds: row.flap_window_seconds },
    escalation:
      row.escalation_after_seconds === null || row.escalation_max_level === null
        ? null
        : { afterSeconds: row.escalation_after_seconds, maxLevel: row.escalation_max_level },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
