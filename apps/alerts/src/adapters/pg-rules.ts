import { inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import type { AlertRule } from '../domain/alert-rule';
import type { RuleStore } from '../domain/ports';
import { closeOpenAlerts } from './pg-alert-records';
import { readRuleRow, type RuleRow } from './pg-rule-rows';

/** The PostgreSQL schema of the alerts service. */
export const alertsSchema = 'alerts';

const columns = `id, owner_home_id, owner_vendor_id, target_device_id, target_vendor_id, target_product_id, name,
  condition, clear, for_seconds, severity, message, enabled, flap_max_transitions, flap_window_seconds,
  escalation_after_seconds, escalation_max_level, created_at, updated_at`;

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
        `INSERT INTO alerts.rules (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
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
    update: (rule) =>
      inTransaction(pool, async (db) => {
        const rows = await queryRows(
          db,
          `UPDATE alerts.rules SET name = $2, condition = $3, clear = $4, for_seconds = $5, severity = $6,
             message = $7, enabled = $8, flap_max_transitions = $9, flap_window_seconds = $10,
             escalation_after_seconds = $11, escalation_max_level = $12, updated_at = $13
           WHERE id = $1 RETURNING id`,
          [rule.id, ...changeableValues(rule), rule.updatedAt],
        );
        if (rows.length > 0 && !rule.enabled) await closeOpenAlerts(db, { ruleId: rule.id }, rule.updatedAt);
        return rows.length > 0;
      }),
    remove: (ruleId, at) =>
      inTransaction(pool, async (db) => {
        await closeOpenAlerts(db, { ruleId }, at);
        const rows = await queryRows(db, 'DELETE FROM alerts.rules WHERE id = $1 RETURNING id', [ruleId]);
        return rows.length > 0;
      }),
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
    rule.escalation?.afterSeconds ?? null,
    rule.escalation?.maxLevel ?? null,
  ];
}
