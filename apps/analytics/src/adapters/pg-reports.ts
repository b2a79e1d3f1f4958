import { queryRows, type SqlPool } from '@homeport/storage';
import type { ReportKind, ReportStore } from '../domain/ports';

/** Each kind's table and the SQL of its period column; names come only from here, never from a request. */
export const reportTables: Readonly<Record<ReportKind, { table: string; period: string }>> = {
  daily: { table: 'analytics.daily_reports', period: 'day' },
  weekly: { table: 'analytics.weekly_reports', period: 'week' },
};

/** The reports of one kind in PostgreSQL (migrations 001, 003); a report generated again replaces the stored one. */
export function createPostgresReports(pool: SqlPool, kind: ReportKind): ReportStore {
  const { table, period } = reportTables[kind];
  const cast = kind === 'daily' ? '::date' : '';
  return {
    async find(vendorId, key) {
      const rows = await queryRows<{ body: unknown }>(
        pool,
        `SELECT body FROM ${table} WHERE vendor_id = $1 AND ${period} = $2${cast}`,
        [vendorId, key],
      );
      return rows[0]?.body;
    },
    async save(vendorId, key, body, generatedAt) {
      await queryRows(
        pool,
        `INSERT INTO ${table} (vendor_id, ${period}, generated_at, body) VALUES ($1, $2${cast}, $3, $4)
         ON CONFLICT (vendor_id, ${period}) DO UPDATE SET generated_at = excluded.generated_at, body = excluded.body`,
        [vendorId, key, generatedAt, JSON.stringify(body)],
      );
    },
  };
}
