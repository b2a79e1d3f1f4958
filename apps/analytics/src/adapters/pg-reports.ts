import { queryRows, type SqlPool } from '@homeport/storage';
import type { ReportStore } from '../domain/ports';

/** The daily reports in PostgreSQL (analytics.daily_reports); a report generated again replaces the stored one. */
export function createPostgresReports(pool: SqlPool): ReportStore {
  return {
    async find(vendorId, day) {
      const rows = await queryRows<{ body: unknown }>(
        pool,
        'SELECT body FROM analytics.daily_reports WHERE vendor_id = $1 AND day = $2::date',
        [vendorId, day],
      );
      return rows[0]?.body;
    },
    async save(vendorId, day, body, generatedAt) {
      await queryRows(
        pool,
        `INSERT INTO analytics.daily_reports (vendor_id, day, generated_at, body) VALUES ($1, $2::date, $3, $4)
         ON CONFLICT (vendor_id, day) DO UPDATE SET generated_at = excluded.generated_at, body = excluded.body`,
        [vendorId, day, generatedAt, JSON.stringify(body)],
      );
    },
  };
}
