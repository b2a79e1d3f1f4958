import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createMqttMetrics } from './mqtt-metrics';
import { createRefusalLog } from './refusal-log';

describe('refusal log', () => {
  it('in a storm of refusals every one is counted, ten are logged, and the next line says how many were not', async () => {
    let nowMs = 0;
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      service: 'broker-api',
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const registry = createMetricsRegistry({ service: 'broker-api', collectDefaults: false });
    const log = createRefusalLog({ logger, metrics: createMqttMetrics(registry), now: () => nowMs });

    for (let attempt = 0; attempt < 500; attempt += 1) log('connect', 'bad_credentials', { attempt });
    log('publish', 'quota_exceeded', {});
    expect(lines).toHaveLength(11); // a storm of one kind does not hide another
    nowMs += 1000;
    log('connect', 'bad_credentials', { attempt: 500 });

    expect(lines.at(-1)).toMatchObject({ msg: 'mqtt connect refused', reasonCode: 0x86, notLogged: 490 });
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/mqtt_refusals_total\{action="connect",reason="bad_credentials"[^}]*\} 501/);
  });
});
