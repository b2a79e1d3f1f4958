import mqtt from 'mqtt';
import type { CumulativeHistogram } from '../histogram';
import { summarizeExact } from '../latency';
import type { ProcessedProbe } from './probe';

/** The same buckets as state-workers' latency histograms (seconds), for the live line. */
const liveBuckets = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.075,
  0.1,
  0.15,
  0.2,
  0.3,
  0.5,
  0.75,
  1,
  1.5,
  2,
  3,
  5,
  10,
  30,
  Infinity,
];

/** A growing list of numbers in one typed array (millions of latencies without an array of boxes). */
function createSampleBuffer() {
  let values = new Float64Array(1 << 16);
  let length = 0;
  return {
    push(value: number) {
      if (length === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[length] = value;
      length += 1;
    },
    slice: (from: number, to: number) => values.subarray(from, to),
  };
}

/**
 * The baseline's "processed": one MQTT client subscribed to `#` at QoS 1 on the broker (in this process).
 * Each message's latency is its receipt time minus its `ts` (stamped as published, same clock): exact.
 */
export async function startSubscriberProbe(mqttUrl: string): Promise<ProcessedProbe> {
  const client = await mqtt.connectAsync(mqttUrl, {
    protocolVersion: 4,
    clientId: `bench-subscriber-${process.pid}`,
    clean: true,
    reconnectPeriod: 1000,
  });
  const latencies = createSampleBuffer();
  // Per bucket (not cumulative) while counting; cumulated when read.
  const counts = liveBuckets.map(() => 0);
  let received = 0;
  client.on('message', (_topic, payload) => {
    const latencyMs = Date.now() - readTs(payload);
    latencies.push(latencyMs);
    received += 1;
    const bucket = liveBuckets.findIndex((bound) => latencyMs / 1000 <= bound);
    const index = bucket === -1 ? counts.length - 1 : bucket;
    counts[index] = (counts[index] ?? 0) + 1;
  });
  await client.subscribeAsync('#', { qos: 1 });
  return {
    read() {
      let cumulative = 0;
      const latency: CumulativeHistogram = {
        bounds: liveBuckets,
        counts: counts.map((count) => (cumulative += count)),
      };
      return Promise.resolve({ processed: received, latency });
    },
    // Readings count messages in arrival order, so two readings delimit the window's latencies.
    summarize: (from, to) => summarizeExact(latencies.slice(from.processed, to.processed)),
    async close() {
      await client.endAsync(true);
    },
  };
}

/** The payload's `ts` (epoch ms); NaN when it has none, which the summary then shows. */
function readTs(payload: Buffer): number {
  try {
    const { ts } = JSON.parse(payload.toString('utf8')) as { ts?: unknown };
    return typeof ts === 'number' ? ts : NaN;
  } catch {
    return NaN;
  }
}
