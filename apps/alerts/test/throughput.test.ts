import { startServiceProcess, waitFor, type ServiceProcess } from '@homeport/testing';
import { provisionFleet, publishToFleet } from './support/fleet';
import { createHarness, type Harness, type TestDevice } from './support/harness';

const deviceCount = 1000;
const rulesPerDevice = 10;
const eventsPerDevice = 30;

describe('alerts throughput: 10,000 rules over 1,000 devices', () => {
  let harness: Harness;
  let alerts: ServiceProcess;
  let devices: TestDevice[];

  beforeAll(async () => {
    harness = await createHarness('alerts_throughput', { LOG_LEVEL: 'info', PREFETCH: '500' });
    alerts = await startServiceProcess({ service: 'alerts', label: 'alerts', env: harness.env });
    devices = await provisionFleet(harness, deviceCount);
    const [template] = devices;
    if (template === undefined) throw new Error('no device');
    const ids = devices.map((device) => device.deviceId);
    // Written straight to the table (the API checks each against broker-api): 10 thresholds per device.
    await harness.pool.query(
      `INSERT INTO alerts.rules (id, owner_home_id, target_device_id, target_vendor_id, target_product_id, name,
         condition, for_seconds, severity, message, enabled)
       SELECT gen_random_uuid(), $1, device_id, $2, $3, 'cold ' || n,
         jsonb_build_object('kind', 'threshold', 'source', 'state', 'property', 'temperature', 'operator', '<', 'value', n),
         60, 'warning', '{device} below {threshold}', true
       FROM unnest($4::text[]) AS device_id, generate_series(1, ${rulesPerDevice}) AS n`,
      [template.homeId, template.vendorId, template.productId, ids],
    );
    await waitFor(
      async () => (await alerts.readMetric('alerts_rules')) >= deviceCount * rulesPerDevice,
      'rules loaded',
      {
        timeoutMs: 30_000,
      },
    );
  }, 300_000);
  afterAll(async () => {
    await alerts.stop();
    await harness.close();
  });

  const publishRound = (temperature: () => number) => publishToFleet(harness, devices, temperature);

  it('evaluates readings that change no outcome at more than 1,000 a second, and reports CPU per event', async () => {
    const evaluated = () => alerts.readMetric('alerts_events_total');
    // First sight of each (rule, device): its outcome is written once.
    const warmUpStarted = Date.now();
    await publishRound(() => 20);
    await waitFor(async () => (await evaluated()) >= deviceCount, 'the first round', { timeoutMs: 120_000 });
    const warmUpMs = Date.now() - warmUpStarted;

    const cpuBefore = await alerts.readMetric('process_cpu_seconds_total');
    const started = Date.now();
    for (let round = 0; round < eventsPerDevice; round += 1)
      await publishRound(() => 15 + Math.random() * 15);
    const publishedMs = Date.now() - started;
    const total = deviceCount * (eventsPerDevice + 1);
    await waitFor(async () => (await evaluated()) >= total, 'every reading evaluated', {
      timeoutMs: 120_000,
    });
    const elapsedMs = Date.now() - started;
    const cpuSeconds = (await alerts.readMetric('process_cpu_seconds_total')) - cpuBefore;
    const events = deviceCount * eventsPerDevice;
    const figures = {
      rules: deviceCount * rulesPerDevice,
      devices: deviceCount,
      warmUpMs,
      events,
      publishedPerSecond: Math.round((events / publishedMs) * 1000),
      evaluatedPerSecond: Math.round((events / elapsedMs) * 1000),
      lagAfterLastPublishMs: elapsedMs - publishedMs,
      cpuMicrosecondsPerEvent: Math.round((cpuSeconds / events) * 1e6),
    };
    process.stdout.write(`alerts throughput: ${JSON.stringify(figures)}\n`);
    expect(figures.evaluatedPerSecond).toBeGreaterThan(1000);
  }, 300_000);
});
