import { deviceSeriesTags, rollupStatistics } from '@homeport/contracts';
import {
  createInfluxReader,
  quoteInfluxIdentifier,
  quoteInfluxString,
  type InfluxConnectionOptions,
} from '@homeport/storage';
import type { RetentionCut, TimeSeriesRollups } from '../domain/ports';
import { listRollupSteps, type RollupStep } from '../domain/time-series-retention';

/** Every numeric field: its plain metric name, without a `#bool` / `#str` type suffix (contracts' layout). */
const numericFields = '/^[^#]+$/';

/**
 * The `SELECT ... INTO` of one rollup step: InfluxQL
 * names the fields `mean_<metric>` and so on, as contracts' layout says, keeps every tag (GROUP BY *), and a
 * bucket written again replaces its fields. This is what a continuous query runs, run by state-workers
 * instead: a continuous query only sees new points, and a backfill (old timestamps) needs the same
 * statement over a range anyway.
 */
function buildRollUpStatement(step: RollupStep): string {
  const statistics = rollupStatistics.map((statistic) => `${statistic}(${numericFields})`).join(', ');
  return (
    `SELECT ${statistics} INTO ${quoteInfluxIdentifier(step.rollup)} FROM ${quoteInfluxIdentifier(step.measurement)}` +
    ` WHERE time >= ${step.startMs}ms AND time < ${step.endMs}ms GROUP BY time(${step.widthMs}ms), *`
  );
}

/** `DELETE` of a measurement's points before a time, of the vendors the cut names (tag predicates). */
function buildDeleteStatement(cut: RetentionCut): string {
  const vendorTag = quoteInfluxIdentifier(deviceSeriesTags.vendorId);
  const vendors =
    'only' in cut.vendors
      ? [`(${cut.vendors.only.map((vendor) => `${vendorTag} = ${quoteInfluxString(vendor)}`).join(' OR ')})`]
      : cut.vendors.except.map((vendor) => `${vendorTag} != ${quoteInfluxString(vendor)}`);
  const where = [...vendors, `time < ${cut.beforeMs}ms`].join(' AND ');
  return `DELETE FROM ${quoteInfluxIdentifier(cut.measurement)} WHERE ${where}`;
}

/**
 * Rollups and retention on InfluxDB 1.x, in the database state-workers writes to. Retention is `DELETE`
 * with tag predicates rather than retention policies: a policy is per database, so it cannot keep one
 * vendor's points longer than another's, and a `DELETE` names a measurement, so rollups stay.
 */
export function createInfluxTimeSeriesRollups(options: InfluxConnectionOptions): TimeSeriesRollups {
  const reader = createInfluxReader({ timeoutMs: 120_000, ...options });
  return {
    async rollUp(range) {
      for (const step of listRollupSteps(range)) await reader.query(buildRollUpStatement(step));
    },
    async deleteBefore(cut) {
      if ('only' in cut.vendors && cut.vendors.only.length === 0) return;
      await reader.query(buildDeleteStatement(cut));
    },
  };
}
