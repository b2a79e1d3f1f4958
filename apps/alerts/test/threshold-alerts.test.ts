import { alertFiredV1, alertResolvedV1, type MessageContract } from '@homeport/contracts';
import { sleep, waitFor, type EventListener } from '@homeport/testing';
import type { RunningAlerts } from '../src/start-alerts';
import { createHarness, type Harness, type TestDevice } from './support/harness';

describe('a frost rule (below 5 °C for 3 s, clear above 7 °C) on a thermostat', () => {
  let harness: Harness;
  let service: RunningAlerts;
  let fired: EventListener<typeof alertFiredV1>;
  let resolved: EventListener<typeof alertResolvedV1>;
  let device: TestDevice;
  const eventsOf = <M extends MessageContract>(listener: EventListener<M>) =>
    listener.events().filter((event) => (event as { deviceId: string }).deviceId === device.deviceId);

  beforeAll(async () => {
    harness = await createHarness('alerts_threshold');
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
    await harness.createRule(service.url, device, { forSeconds: 3, clear: { operator: '>', value: 7 } });
  });

  it('4 °C for longer than 3 s fires exactly once; 8 °C resolves it once', async () => {
    const startedAt = Date.now();
    await harness.publishState(device, { temperature: 4 });
    await sleep(1000);
    await harness.publishState(device, { temperature: 4.2 });
    await waitFor(() => eventsOf(fired).length === 1, 'alert.fired', { timeoutMs: 10_000 });
    const [event] = eventsOf(fired);
    expect(event?.firedAt).toBeGreaterThanOrEqual(startedAt + 3000);
    expect(event).toMatchObject({
      severity: 'critical',
      property: 'temperature',
      value: 4,
      homeId: device.homeId,
    });
    expect(event?.message).toBe(`${device.deviceId}: temperature is 4 °C`);

    await harness.publishState(device, { temperature: 8 });
    await waitFor(() => eventsOf(resolved).length === 1, 'alert.resolved', { timeoutMs: 10_000 });
    expect(eventsOf(resolved)[0]).toMatchObject({ alertId: event?.alertId, value: 8 });
    await sleep(1500);
    expect(eventsOf(fired)).toHaveLength(1);
    expect(eventsOf(resolved)).toHaveLength(1);
  }, 30_000);

  it('while firing, readings oscillating between 4.5 and 6.5 °C neither resolve it nor fire again', async () => {
    await harness.publishState(device, { temperature: 4 });
    await waitFor(() => eventsOf(fired).length === 1, 'alert.fired', { timeoutMs: 10_000 });
    for (let round = 0; round < 10; round += 1) {
      await harness.publishState(device, { temperature: round % 2 === 0 ? 6.5 : 4.5 });
      await sleep(400);
    }
    await sleep(3500);
    expect(eventsOf(fired)).toHaveLength(1);
    expect(eventsOf(resolved)).toHaveLength(0);
  }, 30_000);

  it('after it resolved, readings crossing 5 °C faster than 3 s bring no new alert', async () => {
    await harness.publishState(device, { temperature: 4 });
    await waitFor(() => eventsOf(fired).length === 1, 'alert.fired', { timeoutMs: 10_000 });
    await harness.publishState(device, { temperature: 8 });
    await waitFor(() => eventsOf(resolved).length === 1, 'alert.resolved', { timeoutMs: 10_000 });
    for (let round = 0; round < 8; round += 1) {
      await harness.publishState(device, { temperature: round % 2 === 0 ? 4.5 : 6.5 });
      await sleep(1000);
    }
    await sleep(3500);
    expect(eventsOf(fired)).toHaveLength(1);
    const open = await harness.pool.query(
      `SELECT 1 FROM alerts.alerts WHERE device_id = $1 AND status IN ('pending', 'firing')`,
      [device.deviceId],
    );
    expect(open.rows).toHaveLength(0);
  }, 40_000);

  it('a telemetry metric outside a range fires at once when the rule has no for duration', async () => {
    await harness.createRule(service.url, device, {
      name: 'Humidity',
      condition: { kind: 'outside-range', source: 'telemetry', property: 'humidity', low: 30, high: 60 },
    });
    await harness.publishTelemetry(device, { humidity: 75 });
    await waitFor(() => eventsOf(fired).some((event) => event.property === 'humidity'), 'humidity alert');
    await harness.publishTelemetry(device, { humidity: 45 });
    await waitFor(
      () => eventsOf(resolved).some((event) => event.property === 'humidity'),
      'humidity resolved',
    );
  }, 30_000);
});
