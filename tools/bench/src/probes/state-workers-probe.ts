import { addHistograms, emptyHistogram, subtractHistograms } from '../histogram';
import { summarizeHistogram } from '../latency';
import { parseMetricSamples, sumSamples } from '@homeport/observability';
import { readHistogram } from '../prometheus-histogram';
import type { ProbeReading, ProcessedProbe } from './probe';

/** Every device message state-workers handled: counted after it was stored and its event published. */
const processedCounter = 'state_workers_messages_total';
/** From the device's `ts` (stamped as published) to handled: publish to stored. */
const latencyHistogram = 'state_workers_device_latency_seconds';

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
    };
  };
  return {
    async read() {
      const readings = await Promise.all(metricsBaseUrls.map(readOne));
      return readings.reduce(
        (sum, reading) => ({
          processed: sum.processed + reading.processed,
          latency: addHistograms(sum.latency, reading.latency),
        }),
        { processed: 0, latency: emptyHistogram },
      );
    },
    summarize: (from, to) => summarizeHistogram(subtractHistograms(to.latency, from.latency)),
    close: () => Promise.resolve(),
  };
}

/** Reads one counter (summed over labels) of a process's /metrics: e.g. broker-api's received messages. */
export async function readCounter(baseUrl: string, name: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  return sumSamples(parseMetricSamples(await response.text()), name);
}
