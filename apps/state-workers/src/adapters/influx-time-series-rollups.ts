import {
  deviceSeriesTags,
  rollupStatistics,
  toRollupFieldName,
  type RollupStatistic,
} from '@homeport/contracts';
import {
  createInfluxReader,
  quoteInfluxIdentifier,
  quoteInfluxString,
  type InfluxConnectionOptions,
  type InfluxReader,
} from '@homeport/storage';
import type { RetentionCut, TimeSeriesRollups } from '../domain/ports';
import { listRollupSteps, type RollupStep } from '../domain/time-series-retention';

/** Every numeric field: its plain metric name, without a `#bool` / `#str` type suffix (contracts' layout). */
const numericFields = '/^[^#]+$/';

/**
 * The `SELECT ... INTO` of one rollup step from the raw points: InfluxQL
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

/** A wider bucket's statistic of a metric from the narrower buckets' fields: the mean weighted by counts. */
const combineStatistic: Readonly<
  Record<RollupStatistic, (field: (of: RollupStatistic) => string) => string>
> = {
  mean: (field) => `sum(${field('sum')}) / sum(${field('count')})`,
  min: (field) => `min(${field('min')})`,
  max: (field) => `max(${field('max')})`,
  count: (field) => `sum(${field('count')})`,
  sum: (field) => `sum(${field('sum')})`,
};

/**
 * The `SELECT ... INTO` of a step computed from a narrower rollup (`step.fromRollup`), for the `metrics` it
 * holds: per metric, each statistic combined from the narrower buckets' (fields named explicitly: a
 * regex would name them `min_min_<metric>`).
 */
function buildCombineStatement(step: RollupStep, fromRollup: string, metrics: readonly string[]): string {
  const statistics = metrics.flatMap((metric) => {
    const field = (of: RollupStatistic) => quoteInfluxIdentifier(toRollupFieldName(of, metric));
    return rollupStatistics.map(
      (statistic) => `${combineStatistic[statistic](field)} AS ${field(statistic)}`,
    );
  });
  return (
    `SELECT ${statistics.join(', ')} INTO ${quoteInfluxIdentifier(step.rollup)} FROM ${quoteInfluxIdentifier(fromRollup)}` +
    ` WHERE time >= ${step.startMs}ms AND time < ${step.endMs}ms GROUP BY time(${step.widthMs}ms), *`
  );
}

/** The metrics a rollup measurement holds, from its `count_<metric>` fields. */
async function listRolledUpMetrics(reader: InfluxReader, rollup: string): Promise<string[]> {
  const countPrefix = toRollupFieldName('count', '');
  const keys = await reader.query(`SHOW FIELD KEYS FROM ${quoteInfluxIdentifier(rollup)}`);
  return keys.flatMap(({ values: { fieldKey } }) =>
    typeof fieldKey === 'string' && fieldKey.startsWith(countPrefix)
      ? [fieldKey.slice(countPrefix.length)]
      : [],
  );
}

/** Rolls up one step: from the raw points, or from the narrower rollup (12x fewer points to read). */
async function rollUpStep(reader: InfluxReader, step: RollupStep): Promise<void> {
  if (step.fromRollup === undefined) {
    await reader.query(buildRollUpStatement(step));
    return;
  }
  const metrics = await listRolledUpMetrics(reader, step.fromRollup);
  if (metrics.length > 0) await reader.query(buildCombineStatement(step, step.fromRollup, metrics));
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
      for (const step of listRollupSteps(range)) await rollUpStep(reader, step);
    },
    async deleteBefore(cut) {
      if ('only' in cut.vendors && cut.vendors.only.length === 0) return;
      await reader.query(buildDeleteStatement(cut));
    },
  };
}
