import type { AlertClearCondition, AlertCondition } from '@homeport/contracts';
import { queryRows, type SqlPool } from '@homeport/storage';
import type { AlertRule, AlertSeverity } from '../domain/alert-rule';
import type { RuleStore } from '../domain/ports';

/** The PostgreSQL schema of the alerts service. */
export const alertsSchema = 'alerts';

interface RuleRow {
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = `id, owner_home_id, owner_vendor_id, target_device_id, target_vendor_id, target_product_id, name,
  condition, clear, for_seconds, severity, message, enabled, flap_max_transitions, flap_window_seconds,
  created_at, updated_at`;

/** Rules in `alerts.rules`. */
export function createPostgresRules(pool: SqlPool): RuleStore {
  const select = async (where: string, params: unknown[], tail = '') =>
    (
      await queryRows<RuleRow>(pool, `SELECT ${columns} FROM alerts.rules WHERE ${where} ${tail}`, params)
    ).map(readRuleRow);
  return {
    async insert(rule) {
      await queryRows(
        pool,
        `INSERT INTO alerts.rules (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          rule.id,
          rule.owner.kind === 'home' ? rule.owner.homeId : null,
          rule.owner.kind === 'vendor' ? rule.owner.vendorId : null,
          rule.target.kind === 'device' ? rule.target.deviceId : null,
          rule.vendorId,
          rule.productId,
          ...changeableValues(rule),
          rule.createdAt,
          rule.updatedAt,
        ],
      );
    },
    get: async (ruleId) => (await select('id = $1', [ruleId]))[0],
    list: ({ homeId, vendorId, limit }) =>
      homeId === undefined
        ? select('owner_vendor_id = $1', [vendorId, limit], 'ORDER BY created_at DESC, id LIMIT $2')
        : select('owner_home_id = $1', [homeId, limit], 'ORDER BY created_at DESC, id LIMIT $2'),
    async update(rule) {
      const rows = await queryRows(
        pool,
        `UPDATE alerts.rules SET name = $2, condition = $3, clear = $4, for_seconds = $5, severity = $6,
           message = $7, enabled = $8, flap_max_transitions = $9, flap_window_seconds = $10, updated_at = $11
         WHERE id = $1 RETURNING id`,
        [rule.id, ...changeableValues(rule), rule.updatedAt],
      );
      return rows.length > 0;
    },
    async remove(ruleId) {
      return (
        (await queryRows(pool, 'DELETE FROM alerts.rules WHERE id = $1 RETURNING id', [ruleId])).length > 0
      );
    },
    listEnabled: () => select('enabled', []),
  };
}

function changeableValues(rule: AlertRule): unknown[] {
  return [
    rule.name,
    JSON.stringify(rule.condition),
    rule.clear === null ? null : JSON.stringify(rule.clear),
    rule.forSeconds,
    rule.severity,
    rule.message,
    rule.enabled,
    rule.flapping.maxTransitions,
    rule.flapping.windowSeconds,
  ];
}
