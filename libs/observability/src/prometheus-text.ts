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

/** A sample's value (or a bucket's `le`), `+Inf` and `-Inf` included. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** A counter (or gauge) summed over all its label sets; 0 when absent. */
export function sumSamples(samples: readonly MetricSample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);
}

/** Whether the samples hold the metric `name` at all (a counter never incremented may be absent). */
export function hasSamples(samples: readonly MetricSample[], name: string): boolean {
  return samples.some((sample) => sample.name === name);
}
