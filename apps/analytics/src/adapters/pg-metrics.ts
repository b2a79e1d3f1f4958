import type { FleetMetricName } from '@homeport/contracts';
import { queryRows, type SqlPool } from '@homeport/storage';
import type { BucketRows, MetricQueries, MetricRow } from '../domain/ports';

/** Each metric's SQL function (migration 002); names come only from this table, never from a request. */
const metricFunctions: Readonly<Record<FleetMetricName, string>> = {
  provisioned: 'analytics.metric_provisioned',
  credentialed: 'analytics.metric_credentialed',
  claimed: 'analytics.metric_claimed',
  online: 'analytics.metric_online',
  uptime: 'analytics.metric_uptime',
  messages: 'analytics.metric_messages',
  reconnects: 'analytics.metric_reconnects',
  firmware: 'analytics.metric_firmware',
  battery: 'analytics.metric_battery',
  events: 'analytics.metric_events',
  alerts: 'analytics.metric_alerts',
};

interface Row {
  product_id: string;
  key: string;
  label: string | null;
  value: number;
}

const toRow = (metric: FleetMetricName, row: Row): MetricRow => ({
  metric,
  productId: row.product_id,
  key: row.key,
  label: row.label,
  value: row.value,
});

/** The metric queries over the SQL functions of migration 002. */
export function createPostgresMetrics(pool: SqlPool): MetricQueries {
  const metrics = Object.keys(metricFunctions) as FleetMetricName[];
  return {
    async window(vendorId, from, to) {
      const sql = metrics
        .map((metric) => `SELECT '${metric}' AS metric, m.* FROM ${metricFunctions[metric]}($1, $2, $3) m`)
        .join(' UNION ALL ');
      const rows = await queryRows<Row & { metric: FleetMetricName }>(pool, sql, [vendorId, from, to]);
      return rows.map((row) => toRow(row.metric, row));
    },
    async series({ vendorId, metric, from, intervalMs, buckets, productId }) {
      const rows = await queryRows<Row & { bucket: number }>(
        pool,
        `SELECT b.n AS bucket, m.* FROM generate_series(0, $4 - 1) b(n)
         CROSS JOIN LATERAL ${metricFunctions[metric]}($1,
           $2::timestamptz + b.n * $3 * interval '1 millisecond',
           $2::timestamptz + (b.n + 1) * $3 * interval '1 millisecond') m
         WHERE $5::text IS NULL OR m.product_id = $5`,
        [vendorId, from, intervalMs, buckets, productId ?? null],
      );
      const points: BucketRows[] = Array.from({ length: buckets }, (_, n) => ({
        from: new Date(from.getTime() + n * intervalMs),
        to: new Date(from.getTime() + (n + 1) * intervalMs),
        rows: rows.filter((row) => row.bucket === n).map((row) => toRow(metric, row)),
      }));
      return points;
    },
    async vendorsWithoutReport(day, before, limit) {
      const rows = await queryRows<{ vendor_id: string }>(
        pool,
        `SELECT DISTINCT d.vendor_id FROM analytics.devices d
         WHERE d.registered_at < $2
           AND NOT EXISTS (SELECT 1 FROM analytics.daily_reports r WHERE r.vendor_id = d.vendor_id AND r.day = $1::date)
         ORDER BY d.vendor_id LIMIT $3`,
        [day, before, limit],
      );
      return rows.map((row) => row.vendor_id);
    },
  };
}
