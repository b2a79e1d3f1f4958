import { createCounter, createHistogram, createMetricsRegistry } from './metrics';

describe('createMetricsRegistry', () => {
  it('when scraped, default process metrics are present with the service label', async () => {
    const registry = createMetricsRegistry({ service: 'ingest' });
    const text = await registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/nodejs_heap_size_total_bytes\{service="ingest"\}/);
  });

  it('when two registries exist, a metric of the same name can live in each', async () => {
    const first = createMetricsRegistry({ service: 'a', collectDefaults: false });
    const second = createMetricsRegistry({ service: 'b', collectDefaults: false });
    const firstCounter = createCounter(first, {
      name: 'messages_total',
      help: 'messages',
      labelNames: ['outcome'],
    });
    createCounter(second, { name: 'messages_total', help: 'messages', labelNames: ['outcome'] });
    firstCounter.inc({ outcome: 'ok' }, 2);
    expect(await first.metrics()).toContain('messages_total{outcome="ok",service="a"} 2');
    expect(await second.metrics()).not.toContain('outcome="ok"');
  });

  it('when a histogram observes a value, its buckets are exposed', async () => {
    const registry = createMetricsRegistry({ service: 's', collectDefaults: false });
    const histogram = createHistogram(registry, {
      name: 'work_seconds',
      help: 'work',
      buckets: [0.1, 1],
    });
    histogram.observe(0.5);
    const text = await registry.metrics();
    expect(text).toContain('work_seconds_bucket{le="1",service="s"} 1');
    expect(text).toContain('work_seconds_count{service="s"} 1');
  });
});
