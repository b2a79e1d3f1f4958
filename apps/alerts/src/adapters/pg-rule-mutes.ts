import { firstRow, inTransaction, queryRows, type SqlPool } from '@homeport/storage';
import type { RuleMute, RuleMuteStore } from '../domain/ports';
import { closeOpenAlerts } from './pg-alert-records';

interface MuteRow {
  home_id: string;
  rule_id: string;
  muted_at: Date;
}

const readMuteRow = (row: MuteRow): RuleMute => ({
  homeId: row.home_id,
  ruleId: row.rule_id,
  mutedAtMs: row.muted_at.getTime(),
});

// A second mute keeps the first one's time (the no-op update makes RETURNING answer the existing row).
const muteSql = `
  INSERT INTO alerts.rule_mutes (home_id, rule_id, muted_at) VALUES ($1, $2, $3)
  ON CONFLICT (home_id, rule_id) DO UPDATE SET muted_at = alerts.rule_mutes.muted_at
  RETURNING home_id, rule_id, muted_at`;

/** The homes' mutes in `alerts.rule_mutes`; muting ends the rule's open alerts in the home. */
export function createPostgresRuleMutes(pool: SqlPool): RuleMuteStore {
  return {
    mute: (homeId, ruleId, nowMs) =>
      inTransaction(pool, async (db) => {
        const row = firstRow(await queryRows<MuteRow>(db, muteSql, [homeId, ruleId, new Date(nowMs)]));
        // After the mute is inserted, so the resolved events read `muted` (notify: false).
        await closeOpenAlerts(db, { ruleId, homeId }, new Date(nowMs));
        return readMuteRow(row);
      }),
    async unmute(homeId, ruleId) {
      const rows = await queryRows(
        pool,
        'DELETE FROM alerts.rule_mutes WHERE home_id = $1 AND rule_id = $2 RETURNING rule_id',
        [homeId, ruleId],
      );
      return rows.length > 0;
    },
    listOfHome: async (homeId) =>
      (
        await queryRows<MuteRow>(
          pool,
          'SELECT home_id, rule_id, muted_at FROM alerts.rule_mutes WHERE home_id = $1 ORDER BY muted_at DESC, rule_id',
          [homeId],
        )
      ).map(readMuteRow),
    listAll: async () =>
      (await queryRows<MuteRow>(pool, 'SELECT home_id, rule_id, muted_at FROM alerts.rule_mutes')).map(
        readMuteRow,
      ),
  };
}
