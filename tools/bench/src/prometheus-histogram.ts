import { parseSampleValue, type MetricSample } from '@homeport/observability';
import { addHistograms, emptyHistogram, type CumulativeHistogram } from './histogram';

/**
 * The histogram `name` (its `name_bucket` samples) summed over every label set but `le`: e.g. the latency
 * of all message types together. Empty when the process has observed nothing yet.
 */
export function readHistogram(samples: readonly MetricSample[], name: string): CumulativeHistogram {
  return readHistogramsBy(samples, name, undefined).get('') ?? emptyHistogram;
}

/**
 * The histogram `name` per value of the label `by` (each summed over every other label but `le`), or all
 * together under the key '' when `by` is undefined: e.g. the latency of each message type.
 */
export function readHistogramsBy(
  samples: readonly MetricSample[],
  name: string,
  by: string | undefined,
): Map<string, CumulativeHistogram> {
  const series = new Map<string, { group: string; buckets: Map<number, number> }>();
  for (const sample of samples) {
    if (sample.name !== `${name}_bucket`) continue;
    const { le, ...rest } = sample.labels;
    if (le === undefined) continue;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
    const group = by === undefined ? '' : (rest[by] ?? '');
    const entry = series.get(key) ?? { group, buckets: new Map<number, number>() };
    entry.buckets.set(parseSampleValue(le), sample.value);
    series.set(key, entry);
  }
  const totals = new Map<string, CumulativeHistogram>();
  for (const { group, buckets } of series.values()) {
    const bounds = [...buckets.keys()].sort((a, b) => a - b);
    const histogram = { bounds, counts: bounds.map((bound) => buckets.get(bound) ?? 0) };
    totals.set(group, addHistograms(totals.get(group) ?? emptyHistogram, histogram));
  }
  return totals;
}
