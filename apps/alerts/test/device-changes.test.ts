import { randomUUID } from 'node:crypto';
import { brokerApiToken, requestJson, waitFor } from '@homeport/testing';
import { useAlertsFile } from './support/alerts-file';

describe("a device's cached home and product", () => {
  // A cache that outlives the test: only device.changed can make the service see the new owner.
  const file = useAlertsFile('alerts_device_changes', { DEVICE_CACHE_MS: '600000' });

  it('when the device moves to another home, its next reading is evaluated against the new home’s rules', async () => {
    const { device, harness } = file;
    const oldHomeRuleId = await harness.createRule(file.service.url, device, { name: 'Old home frost' });
    // The old home's alert fires and resolves: the device's home is looked up and cached.
    await harness.publishState(device, { temperature: 3 });
    await waitFor(() => file.firedFor().length === 1, 'the old home’s alert.fired');
    await harness.publishState(device, { temperature: 8 });
    await waitFor(() => file.resolvedFor().length === 1, 'the old home’s alert.resolved');

    const newHomeId = randomUUID();
    const moved = await requestJson(harness.brokerApi.url, 'PATCH', `/devices/${device.deviceId}`, {
      body: { ownerId: newHomeId },
      token: brokerApiToken,
    });
    expect(moved.status).toBe(200);
    const newHomeRuleId = await harness.createRule(
      file.service.url,
      { ...device, homeId: newHomeId },
      { name: 'New home frost' },
    );

    await harness.publishState(device, { temperature: 3 });
    await waitFor(() => file.firedFor().length === 2, 'the new home’s alert.fired');
    await harness.settle();
    expect(file.firedFor()).toEqual([
      expect.objectContaining({ ruleId: oldHomeRuleId, homeId: device.homeId }),
      expect.objectContaining({ ruleId: newHomeRuleId, homeId: newHomeId }),
    ]);
  }, 30_000);
});
