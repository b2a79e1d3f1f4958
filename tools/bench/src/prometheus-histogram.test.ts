import { histogramQuantile, histogramTotal } from './histogram';
import { parseMetricSamples, sumSamples } from '@homeport/observability';
import { readHistogram, readHistogramsBy } from './prometheus-histogram';

/** What prom-client serves for state-workers (trimmed buckets). */
const metricsText = `# HELP state_workers_messages_total Device messages handled, by type and outcome
# TYPE state_workers_messages_total counter
state_workers_messages_total{type="device.reported.v1",outcome="changed",service="state-workers"} 64
state_workers_messages_total{type="device.telemetry.v1",outcome="recorded",service="state-workers"} 143
state_workers_messages_total{type="device.reported.v1",outcome="unchanged",service="state-workers"} 96
# TYPE state_workers_device_latency_seconds histogram
state_workers_device_latency_seconds_bucket{le="0.05",service="state-workers",type="device.reported.v1"} 118
state_workers_device_latency_seconds_bucket{le="0.1",service="state-workers",type="device.reported.v1"} 158
state_workers_device_latency_seconds_bucket{le="+Inf",service="state-workers",type="device.reported.v1"} 160
state_workers_device_latency_seconds_sum{service="state-workers",type="device.reported.v1"} 6.82
state_workers_device_latency_seconds_count{service="state-workers",type="device.reported.v1"} 160
state_workers_device_latency_seconds_bucket{le="0.05",service="state-workers",type="device.telemetry.v1"} 134
state_workers_device_latency_seconds_bucket{le="0.1",service="state-workers",type="device.telemetry.v1"} 143
state_workers_device_latency_seconds_bucket{le="+Inf",service="state-workers",type="device.telemetry.v1"} 143
state_workers_pipeline_latency_seconds_bucket{le="0.05",service="state-workers",type="device.telemetry.v1"} 1
`;

describe('reading /metrics', () => {
  const samples = parseMetricSamples(metricsText);

  it('a counter is summed over its label sets', () => {
    expect(sumSamples(samples, 'state_workers_messages_total')).toBe(303);
    expect(sumSamples(samples, 'absent_total')).toBe(0);
  });

  it('a histogram is summed over every label set but le, and only its own buckets', () => {
    const latency = readHistogram(samples, 'state_workers_device_latency_seconds');
    expect(latency).toEqual({ bounds: [0.05, 0.1, Infinity], counts: [252, 301, 303] });
    expect(histogramTotal(latency)).toBe(303);
    expect(histogramQuantile(0.5, latency)).toBeLessThan(0.05);
  });

  it('a histogram is read per value of one label, each summed over the others', () => {
    const byType = readHistogramsBy(samples, 'state_workers_device_latency_seconds', 'type');
    expect([...byType.keys()].sort()).toEqual(['device.reported.v1', 'device.telemetry.v1']);
    expect(byType.get('device.reported.v1')).toEqual({
      bounds: [0.05, 0.1, Infinity],
      counts: [118, 158, 160],
    });
    expect(byType.get('device.telemetry.v1')).toEqual({
      bounds: [0.05, 0.1, Infinity],
      counts: [134, 143, 143],
    });
  });

  it('a histogram nothing was observed in yet is empty', () => {
    expect(histogramTotal(readHistogram(samples, 'state_workers_absent_seconds'))).toBe(0);
  });
});
