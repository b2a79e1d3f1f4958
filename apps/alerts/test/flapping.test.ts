import { alertFlappingChangedV1 } from '@homeport/contracts';
import { sleep, waitFor, type EventListener } from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, type AlertListeners, type Harness, type TestDevice } from './support/harness';

describe('a frost rule whose readings keep crossing both thresholds', () => {
  let harness: Harness;
  let alerts: AlertListeners;
  let flaps: EventListener<typeof alertFlappingChangedV1>;
  let service: RunningWorker;
  let device: TestDevice;

  beforeAll(async () => {
    harness = await createHarness('alerts_flapping');
    [alerts, flaps] = await Promise.all([harness.listenToAlerts(), harness.listen(alertFlappingChangedV1)]);
    service = await harness.startService();
    device = await harness.provisionDevice();
  }, 60_000);
  afterAll(async () => {
    await harness.close();
  });

  const crossBoth = async (times: number) => {
    for (let crossing = 0; crossing < times; crossing += 1) {
      await harness.publishState(device, { temperature: crossing % 2 === 0 ? 4 : 8 });
      await sleep(150);
    }
  };
  const notified = () =>
    [...alerts.firedFor(device.deviceId), ...alerts.resolvedFor(device.deviceId)].filter(
      (event) => event.notify !== false,
    );

  it('is announced flapping once, notifies nothing more, survives a restart, and re-arms once settled', async () => {
    await harness.createRule(service.url, device, {
      clear: { operator: '>', value: 7 },
      flapping: { maxTransitions: 4, windowSeconds: 8 },
    });
    // Ten crossings: the fifth transition starts flapping; those after it are kept with notify: false.
    await crossBoth(10);
    await waitFor(() => alerts.resolvedFor(device.deviceId).length === 5, 'ten transitions published');
    expect(flaps.events()).toEqual([
      expect.objectContaining({
        deviceId: device.deviceId,
        flapping: true,
        transitions: 5,
        windowSeconds: 8,
      }),
    ]);
    expect(notified()).toHaveLength(4);

    // A restart while flapping neither forgets it nor announces it again.
    await harness.stopService(service);
    service = await harness.startService();
    await crossBoth(4);
    await waitFor(() => alerts.resolvedFor(device.deviceId).length === 7, 'four more transitions');
    expect(flaps.events()).toHaveLength(1);
    expect(notified()).toHaveLength(4);

    // Quiet for a whole window: it settles (told once) and the next opening is notified again.
    await waitFor(() => flaps.events().length === 2, 'settled', { timeoutMs: 20_000 });
    expect(flaps.events()[1]).toMatchObject({ flapping: false, deviceId: device.deviceId });
    await harness.publishState(device, { temperature: 4 });
    await waitFor(() => notified().length === 5, 'a notified alert.fired after settling');
    await harness.settle();
    expect(flaps.events()).toHaveLength(2);
  }, 60_000);
});
