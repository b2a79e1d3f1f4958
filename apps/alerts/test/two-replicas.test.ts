import { sleep, waitFor } from '@homeport/testing';
import { provisionFleet, publishToFleet } from './support/fleet';
import { createHarness, type AlertListeners, type Harness } from './support/harness';

const deviceCount = 1000;

describe('two alerts replicas on one stream of 1,000 devices', () => {
  let harness: Harness;
  let alerts: AlertListeners;

  beforeAll(async () => {
    harness = await createHarness('alerts_replicas', { RULES_RELOAD_MS: '1000' });
    alerts = await harness.listenToAlerts();
  }, 60_000);
  afterAll(async () => {
    await harness.close();
  });

  it('a product rule fires once per device, and resolves once per device after the active replica stops', async () => {
    const replicaA = await harness.startService();
    const replicaB = await harness.startService();
    const devices = await provisionFleet(harness, deviceCount);
    const [first] = devices;
    if (first === undefined) throw new Error('no device');
    await harness.createRule(replicaA.url, first, {
      target: { kind: 'product', vendorId: first.vendorId, productId: first.productId },
      forSeconds: 1,
    });
    // Replica B learns the rule from its next reload (it takes over the queue later in the test).
    await sleep(Number(harness.env['RULES_RELOAD_MS'] ?? 5000) + 500);
    const ids = new Set(devices.map((device) => device.deviceId));
    const mine = <E extends { deviceId: string }>(events: E[]) =>
      events.filter((event) => ids.has(event.deviceId));
    // Only a pending alert can fire later: with none left, a settled harness has heard everything.
    const countPending = async () =>
      (
        await harness.pool.query(
          `SELECT 1 FROM alerts.alerts WHERE device_id = ANY($1) AND status = 'pending'`,
          [[...ids]],
        )
      ).rowCount;

    for (const temperature of [4, 3.5, 4.5]) await publishToFleet(harness, devices, () => temperature);
    await waitFor(() => mine(alerts.fired.events()).length >= deviceCount, 'every device fired', {
      timeoutMs: 60_000,
    });
    await harness.settle();
    expect(await countPending()).toBe(0);
    expect(mine(alerts.fired.events())).toHaveLength(deviceCount);
    expect(new Set(mine(alerts.fired.events()).map((event) => event.deviceId)).size).toBe(deviceCount);

    // Whichever replica was active, one of them goes: the other resolves every alert, once.
    await harness.stopService(replicaA);
    await publishToFleet(harness, devices, () => 8);
    await waitFor(() => mine(alerts.resolved.events()).length >= deviceCount, 'every device resolved', {
      timeoutMs: 60_000,
    });
    await harness.settle();
    expect(await countPending()).toBe(0);
    expect(mine(alerts.resolved.events())).toHaveLength(deviceCount);
    expect(new Set(mine(alerts.resolved.events()).map((event) => event.alertId)).size).toBe(deviceCount);
    expect(replicaB.url).not.toBe(replicaA.url);
  }, 240_000);
});
