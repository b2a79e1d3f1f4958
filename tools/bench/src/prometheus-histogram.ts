import { parseSampleValue, type MetricSample } from '@homeport/observability';
import { addHistograms, emptyHistogram, type CumulativeHistogram } from './histogram';

/**
 * The histogram `name` (its `name_bucket` samples) summed over every label set but `le`: e.g. the latency
 * of all message types together. Empty when the process has observed nothing yet.
 */
export function readHistogram(samples: readonly MetricSample[], name: string): CumulativeHistogram {
  const series = new Map<string, Map<number, number>>();
  for (const sample of samples) {
    if (sample.name !== `${name}_bucket`) continue;
    const { le, ...rest } = sample.labels;
    if (le === undefined) continue;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
    const buckets = series.get(key) ?? new Map<number, number>();
    buckets.set(parseSampleValue(le), sample.value);
    series.set(key, buckets);
  }
  let total = emptyHistogram;
  for (const buckets of series.values()) {
    const bounds = [...buckets.keys()].sort((a, b) => a - b);
    total = addHistograms(total, { bounds, counts: bounds.map((bound) => buckets.get(bound) ?? 0) });
  }
  return total;
}
