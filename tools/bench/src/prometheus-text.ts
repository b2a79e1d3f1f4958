import { addHistograms, emptyHistogram, type CumulativeHistogram } from './histogram';

/** One sample line of the Prometheus text format: `name{label="value",...} value`. */
export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const samplePattern = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPattern = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Reads every sample of a /metrics answer (comments and blank lines skipped). */
export function parseMetricSamples(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = samplePattern.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(labelPattern)) {
      if (key !== undefined) labels[key] = value ?? '';
    }
    samples.push({ name: match[1] ?? '', labels, value: parseSampleValue(match[3] ?? '') });
  }
  return samples;
}

function parseSampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** A counter (or gauge) summed over all its label sets; 0 when absent. */
export function sumSamples(samples: readonly MetricSample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);
}

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
