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
import { rollupPacing, runPacedChunks, type ChunkPacing } from './paced-chunks';

/** Every numeric field: its plain metric name, without a `#bool` / `#str` type suffix (contracts' layout). */
const numericFields = '/^[^#]+$/';

/**
 * The `SELECT ... INTO` of one rollup step from the raw points: InfluxQL
 * names the fields `mean_<metric>` and so on, as contracts' layout says, keeps every tag (GROUP BY *), and a
 * bucket written again replaces its fields. This is what a continuous query runs, run by state-workers
 * instead: a continuous query only sees new points, and a backfill (old timestamps) needs the same
 * statement over a range anyway.
 */
function buildRollUpStatement(step: RollupStep, devices: readonly string[]): string {
  const statistics = rollupStatistics.map((statistic) => `${statistic}(${numericFields})`).join(', ');
  return (
    `SELECT ${statistics} INTO ${quoteInfluxIdentifier(step.rollup)} FROM ${quoteInfluxIdentifier(step.measurement)}` +
    ` WHERE ${buildDevicesCondition(devices)} AND ${buildTimeCondition(step)} GROUP BY time(${step.widthMs}ms), *`
  );
}

const buildTimeCondition = (step: RollupStep) => `time >= ${step.startMs}ms AND time < ${step.endMs}ms`;

/** A series whose tag has one of `values`. */
function buildTagCondition(tag: string, values: readonly string[]): string {
  const quotedTag = quoteInfluxIdentifier(tag);
  return `(${values.map((value) => `${quotedTag} = ${quoteInfluxString(value)}`).join(' OR ')})`;
}

const buildDevicesCondition = (devices: readonly string[]) =>
  buildTagCondition(deviceSeriesTags.deviceId, devices);

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
function buildCombineStatement(
  step: RollupStep,
  fromRollup: string,
  metrics: readonly string[],
  devices: readonly string[],
): string {
  const statistics = metrics.flatMap((metric) => {
    const field = (of: RollupStatistic) => quoteInfluxIdentifier(toRollupFieldName(of, metric));
    return rollupStatistics.map(
      (statistic) => `${combineStatistic[statistic](field)} AS ${field(statistic)}`,
    );
  });
  return (
    `SELECT ${statistics.join(', ')} INTO ${quoteInfluxIdentifier(step.rollup)} FROM ${quoteInfluxIdentifier(fromRollup)}` +
    ` WHERE ${buildDevicesCondition(devices)} AND ${buildTimeCondition(step)} GROUP BY time(${step.widthMs}ms), *`
  );
}

/**
 * The devices with series in a measurement: InfluxDB 1.x's in-memory index ignores the time condition
 * and lists every device of the measurement's shards; a device with no point in the range costs its
 * query little.
 */
async function listDevices(reader: InfluxReader, measurement: string, step: RollupStep): Promise<string[]> {
  const rows = await reader.query(
    `SHOW TAG VALUES FROM ${quoteInfluxIdentifier(measurement)} WITH KEY = ` +
      `${quoteInfluxIdentifier(deviceSeriesTags.deviceId)} WHERE ${buildTimeCondition(step)}`,
  );
  return rows.flatMap(({ values: { value } }) => (typeof value === 'string' ? [value] : []));
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

/**
 * Rolls up one step, from the raw points or from the narrower rollup (12x fewer points to read), a few
 * devices a statement (every point state-workers writes names its device). In one statement, the
 * 5-minute bucket of 1,000 devices at one message a second each cost InfluxDB 1.6 about 4.5 s of CPU at
 * once, more than a core for 3.7 s, and every write waited meanwhile (issue 22).
 */
async function rollUpStep(
  reader: InfluxReader,
  step: RollupStep,
  pacing: ChunkPacing,
  hurry: AbortSignal | undefined,
): Promise<void> {
  const { fromRollup } = step;
  const metrics = fromRollup === undefined ? [] : await listRolledUpMetrics(reader, fromRollup);
  if (fromRollup !== undefined && metrics.length === 0) return;
  const devices = await listDevices(reader, fromRollup ?? step.measurement, step);
  await runPacedChunks(
    devices,
    async (chunk) => {
      await reader.query(
        fromRollup === undefined
          ? buildRollUpStatement(step, chunk)
          : buildCombineStatement(step, fromRollup, metrics, chunk),
      );
    },
    pacing,
    hurry,
  );
}

/** `DELETE` of a measurement's points before a time, of the vendors the cut names (tag predicates). */
function buildDeleteStatement(cut: RetentionCut): string {
  const vendorTag = quoteInfluxIdentifier(deviceSeriesTags.vendorId);
  const vendors =
    'only' in cut.vendors
      ? [buildTagCondition(deviceSeriesTags.vendorId, cut.vendors.only)]
      : cut.vendors.except.map((vendor) => `${vendorTag} != ${quoteInfluxString(vendor)}`);
  const where = [...vendors, `time < ${cut.beforeMs}ms`].join(' AND ');
  return `DELETE FROM ${quoteInfluxIdentifier(cut.measurement)} WHERE ${where}`;
}

/**
 * Rollups and retention on InfluxDB 1.x, in the database state-workers writes to. Retention is `DELETE`
 * with tag predicates rather than retention policies: a policy is per database, so it cannot keep one
 * vendor's points longer than another's, and a `DELETE` names a measurement, so rollups stay.
 */
export function createInfluxTimeSeriesRollups(
  options: InfluxConnectionOptions,
  pacing: ChunkPacing = rollupPacing,
): TimeSeriesRollups {
  const reader = createInfluxReader({ timeoutMs: 120_000, ...options });
  return {
    async rollUp(range, hurry) {
      for (const step of listRollupSteps(range)) await rollUpStep(reader, step, pacing, hurry);
    },
    async deleteBefore(cut) {
      if ('only' in cut.vendors && cut.vendors.only.length === 0) return;
      await reader.query(buildDeleteStatement(cut));
    },
  };
}
