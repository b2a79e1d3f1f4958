import type { FleetMetricName, FunnelFigures } from '@homeport/contracts';
import { queryRows, type SqlPool } from '@homeport/storage';
import { invalidQuery } from '../domain/periods';
import type { BucketRows, MetricQueries, MetricRow } from '../domain/ports';
import { reportTables } from './pg-reports';

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
  active: 'analytics.metric_active',
  features: 'analytics.metric_features',
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

/**
 * The SQLSTATE of analytics.exact_horizon's refusal (migration 005): a window or bucket edge before the
 * vendor's horizon of raw facts that is not a UTC midnight, which the rollup cannot answer exactly.
 */
const edgeNotDayAlignedCode = 'YH400';

/** The rows of a metric query; its refusal of an edge the rollup cannot answer becomes a 400. */
async function queryExactRows<Row>(pool: SqlPool, sql: string, params: unknown[]): Promise<Row[]> {
  try {
    return await queryRows<Row>(pool, sql, params);
  } catch (error) {
    if ((error as { code?: unknown }).code === edgeNotDayAlignedCode)
      throw invalidQuery('from', (error as Error).message);
    throw error;
  }
}

/** The metric queries over the SQL functions of migrations 002 to 005. */
export function createPostgresMetrics(pool: SqlPool): MetricQueries {
  const metrics = Object.keys(metricFunctions) as FleetMetricName[];
  return {
    async window(vendorId, from, to) {
      const sql = metrics
        .map((metric) => `SELECT '${metric}' AS metric, m.* FROM ${metricFunctions[metric]}($1, $2, $3) m`)
        .join(' UNION ALL ');
      const rows = await queryExactRows<Row & { metric: FleetMetricName }>(pool, sql, [vendorId, from, to]);
      return rows.map((row) => toRow(row.metric, row));
    },
    async series({ vendorId, metric, buckets, productId }) {
      const rows = await queryExactRows<Row & { bucket: number }>(
        pool,
        `SELECT (b.n - 1)::int AS bucket, m.* FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY b(t0, t1, n)
         CROSS JOIN LATERAL ${metricFunctions[metric]}($1, b.t0, b.t1) m
         WHERE $4::text IS NULL OR m.product_id = $4`,
        [
          vendorId,
          buckets.map((bucket) => bucket.from),
          buckets.map((bucket) => bucket.to),
          productId ?? null,
        ],
      );
      return buckets.map((bucket, n): BucketRows => ({
        ...bucket,
        rows: rows.filter((row) => row.bucket === n).map((row) => toRow(metric, row)),
      }));
    },
    async funnel({ vendorId, from, to, productId }) {
      const rows = await queryRows<FunnelRow>(pool, funnelSql, [vendorId, from, to, productId ?? null]);
      const figures = rows.map(toFunnelFigures);
      return {
        fleet: figures.find((row) => row.productId === '*') ?? toFunnelFigures(emptyFunnelRow),
        products: figures
          .filter((row) => row.productId !== '*')
          .sort((a, b) => a.productId.localeCompare(b.productId)),
      };
    },
    async vendorsWithoutReport(kind, period, before, limit) {
      const { table, period: column } = reportTables[kind];
      const rows = await queryRows<{ vendor_id: string }>(
        pool,
        `SELECT DISTINCT d.vendor_id FROM analytics.devices d
         WHERE d.registered_at < $2
           AND NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.vendor_id = d.vendor_id AND r.${column}::text = $1)
         ORDER BY d.vendor_id LIMIT $3`,
        [period, before, limit],
      );
      return rows.map((row) => row.vendor_id);
    },
  };
}

// Per product and for the fleet (the ROLLUP's total row, product '*'); percentiles are observed values
// (percentile_disc), which ignore devices that have not reported since their claim.
const funnelSql = `
  SELECT coalesce(f.product_id, '*') AS product_id, count(*)::int AS provisioned,
    count(f.claimed_at)::int AS claimed, count(f.online_at)::int AS first_online,
    count(*) FILTER (WHERE f.online_at IS NOT NULL AND f.active_after_7_days)::int AS active_after_7_days,
    count(f.first_report_seconds)::int AS reported,
    percentile_disc(0.5) WITHIN GROUP (ORDER BY f.first_report_seconds) AS median_seconds,
    percentile_disc(0.9) WITHIN GROUP (ORDER BY f.first_report_seconds) AS p90_seconds
  FROM analytics.activation_paths($1, $2, $3) f
  WHERE $4::text IS NULL OR f.product_id = $4
  GROUP BY ROLLUP (f.product_id)`;

interface FunnelRow {
  product_id: string;
  provisioned: number;
  claimed: number;
  first_online: number;
  active_after_7_days: number;
  reported: number;
  median_seconds: number | null;
  p90_seconds: number | null;
}

const emptyFunnelRow: FunnelRow = {
  product_id: '*',
  provisioned: 0,
  claimed: 0,
  first_online: 0,
  active_after_7_days: 0,
  reported: 0,
  median_seconds: null,
  p90_seconds: null,
};

const toFunnelFigures = (row: FunnelRow): FunnelFigures => ({
  productId: row.product_id,
  provisioned: row.provisioned,
  claimed: row.claimed,
  firstOnline: row.first_online,
  activeAfter7Days: row.active_after_7_days,
  claimToFirstReport: {
    devices: row.reported,
    medianSeconds: row.median_seconds,
    p90Seconds: row.p90_seconds,
  },
});
