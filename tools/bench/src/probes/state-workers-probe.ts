import { addHistograms, emptyHistogram, subtractHistograms } from '../histogram';
import { summarizeHistogram } from '../latency';
import { parseMetricSamples, sumSamples } from '@homeport/observability';
import { readHistogram, readHistogramsBy } from '../prometheus-histogram';
import type { CumulativeHistogram } from '../histogram';
import type { ProbeReading, ProcessedProbe } from './probe';

/** Every device message state-workers handled: counted after it was stored and its event published. */
const processedCounter = 'state_workers_messages_total';
/** From the device's `ts` (stamped as published) to handled: publish to stored. */
const latencyHistogram = 'state_workers_device_latency_seconds';
/** From broker-api's receipt (`receivedAt`) to handled: the part of the latency after the broker let it in. */
const pipelineHistogram = 'state_workers_pipeline_latency_seconds';
/** The part of the latency after the broker's receipt, beside each message type's own. */
const afterReceipt = 'after receipt';
/** Each stage of a reported message's handling, one after the other (wait, merge, cache, publish, history). */
const reportedStagesHistogram = 'state_workers_reported_stage_seconds';

/**
 * Per message type (device.reported.v1 → reported) from the device's `ts`, all types after receipt, and the
 * stages of a reported message.
 */
function readParts(samples: ReturnType<typeof parseMetricSamples>): Record<string, CumulativeHistogram> {
  const parts: Record<string, CumulativeHistogram> = {};
  for (const [type, histogram] of readHistogramsBy(samples, latencyHistogram, 'type')) {
    parts[type.replace(/^device\.|\.v\d+$/g, '')] = histogram;
  }
  parts[afterReceipt] = readHistogram(samples, pipelineHistogram);
  for (const [stage, histogram] of readHistogramsBy(samples, reportedStagesHistogram, 'stage')) {
    parts[`reported ${stage}`] = histogram;
  }
  return parts;
}

function addParts(
  a: Readonly<Record<string, CumulativeHistogram>>,
  b: Readonly<Record<string, CumulativeHistogram>>,
): Record<string, CumulativeHistogram> {
  const sum: Record<string, CumulativeHistogram> = { ...a };
  for (const [part, histogram] of Object.entries(b))
    sum[part] = addHistograms(sum[part] ?? emptyHistogram, histogram);
  return sum;
}

/**
 * Reads /metrics of every state-workers process and adds them up: processed = the messages counter,
 * latency = the device-latency histogram (its buckets, so quantiles are interpolated inside a bucket).
 */
export function createStateWorkersProbe(metricsBaseUrls: readonly string[]): ProcessedProbe {
  const readOne = async (baseUrl: string): Promise<ProbeReading> => {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`GET ${baseUrl}/metrics: HTTP ${response.status}`);
    const samples = parseMetricSamples(await response.text());
    return {
      processed: sumSamples(samples, processedCounter),
      latency: readHistogram(samples, latencyHistogram),
      parts: readParts(samples),
    };
  };
  return {
    async read() {
      const readings = await Promise.all(metricsBaseUrls.map(readOne));
      return readings.reduce(
        (sum, reading) => ({
          processed: sum.processed + reading.processed,
          latency: addHistograms(sum.latency, reading.latency),
          parts: addParts(sum.parts ?? {}, reading.parts ?? {}),
        }),
        { processed: 0, latency: emptyHistogram, parts: {} },
      );
    },
    summarize: (from, to) => summarizeHistogram(subtractHistograms(to.latency, from.latency)),
    summarizeParts: (from, to) =>
      Object.fromEntries(
        Object.entries(to.parts ?? {}).map(([part, histogram]) => [
          part,
          summarizeHistogram(subtractHistograms(histogram, from.parts?.[part] ?? emptyHistogram)),
        ]),
      ),
    close: () => Promise.resolve(),
  };
}

/** Reads one counter (summed over labels) of a process's /metrics: e.g. broker-api's received messages. */
export async function readCounter(baseUrl: string, name: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  return sumSamples(parseMetricSamples(await response.text()), name);
}
