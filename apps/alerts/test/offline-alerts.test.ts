import { alertFiredV1, alertResolvedV1 } from '@homeport/contracts';
import { sleep, waitFor, type EventListener } from '@homeport/testing';
import type { RunningAlerts } from '../src/start-alerts';
import { createHarness, type Harness, type TestDevice } from './support/harness';

describe('offline and no-data rules', () => {
  let harness: Harness;
  let service: RunningAlerts;
  let fired: EventListener<typeof alertFiredV1>;
  let resolved: EventListener<typeof alertResolvedV1>;
  let device: TestDevice;
  const firedFor = () => fired.events().filter((event) => event.deviceId === device.deviceId);
  const resolvedFor = () => resolved.events().filter((event) => event.deviceId === device.deviceId);

  beforeAll(async () => {
    harness = await createHarness('alerts_offline');
    service = await harness.startService();
    fired = await harness.listen(alertFiredV1);
    resolved = await harness.listen(alertResolvedV1);
  }, 60_000);
  afterAll(async () => {
    await fired?.close();
    await resolved?.close();
    await harness?.close();
  });
  beforeEach(async () => {
    device = await harness.provisionDevice();
  });

  it('a device whose connection was lost fires an offline alert after 2 s, resolved when it reconnects', async () => {
    await harness.createRule(service.url, device, {
      name: 'Unreachable',
      condition: { kind: 'offline', afterSeconds: 2 },
      message: '{device} is offline',
    });
    await harness.publishPresence(device, 'offline');
    const lostAt = Date.now();
    await waitFor(() => firedFor().length === 1, 'offline alert', { timeoutMs: 10_000 });
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(1900);
    expect(firedFor()[0]).toMatchObject({ condition: 'offline', property: null, value: null });
    await harness.publishPresence(device, 'online');
    await waitFor(() => resolvedFor().length === 1, 'offline alert resolved', { timeoutMs: 10_000 });
    expect(firedFor()).toHaveLength(1);
  }, 30_000);

  it('a device back within the offline time fires nothing', async () => {
    await harness.createRule(service.url, device, {
      name: 'Unreachable',
      condition: { kind: 'offline', afterSeconds: 2 },
    });
    await harness.publishPresence(device, 'offline');
    await sleep(800);
    await harness.publishPresence(device, 'online');
    await sleep(2500);
    expect(firedFor()).toHaveLength(0);
  }, 30_000);

  it('a device silent for 2 s fires a no-data alert once, resolved by its next message', async () => {
    await harness.createRule(service.url, device, {
      name: 'Silent',
      condition: { kind: 'no-data', afterSeconds: 2 },
    });
    await harness.publishTelemetry(device, { humidity: 40 });
    await waitFor(() => firedFor().length === 1, 'no-data alert', { timeoutMs: 10_000 });
    await sleep(1000);
    expect(firedFor()).toHaveLength(1);
    await harness.publishTelemetry(device, { humidity: 41 });
    await waitFor(() => resolvedFor().length === 1, 'no-data alert resolved', { timeoutMs: 10_000 });
    await sleep(1000);
    expect(firedFor()).toHaveLength(1);
  }, 30_000);
});
