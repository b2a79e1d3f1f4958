import { hasSamples, parseMetricSamples, sumSamples } from './prometheus-text';

/** What prom-client serves for state-workers (trimmed). */
const metricsText = `# HELP state_workers_messages_total Device messages handled, by type and outcome
# TYPE state_workers_messages_total counter
state_workers_messages_total{type="device.reported.v1",outcome="changed",service="state-workers"} 64
state_workers_messages_total{type="device.telemetry.v1",outcome="recorded",service="state-workers"} 143

process_resident_memory_bytes{service="state-workers"} 1.2e+8
`;

describe('reading /metrics', () => {
  const samples = parseMetricSamples(metricsText);

  it('a counter is summed over its label sets, an absent one is 0', () => {
    expect(sumSamples(samples, 'state_workers_messages_total')).toBe(207);
    expect(sumSamples(samples, 'absent_total')).toBe(0);
    expect(hasSamples(samples, 'absent_total')).toBe(false);
  });

  it('a gauge in exponent notation is read as its number', () => {
    expect(sumSamples(samples, 'process_resident_memory_bytes')).toBe(120_000_000);
    expect(hasSamples(samples, 'process_resident_memory_bytes')).toBe(true);
  });

  it('labels with escaped quotes and commas are read whole', () => {
    const [sample] = parseMetricSamples('m{reason="a \\"b\\", c",kind="x"} 2.5');
    expect(sample).toEqual({ name: 'm', labels: { reason: 'a \\"b\\", c', kind: 'x' }, value: 2.5 });
  });
});
