import type { AlertList, RuleMuteList, RuleMuteResponse } from '@homeport/contracts';
import { waitFor } from '@homeport/testing';
import type { TestDevice } from './support/harness';
import { useAlertsFile } from './support/alerts-file';

describe("a home mutes a vendor's default rule", () => {
  const file = useAlertsFile('alerts_mutes');
  const api = <T>(method: string, path: string, body?: unknown) =>
    file.harness.api<T>(file.service.url, method, path, body);

  /** The vendor's frost rule on every thermostat (no `for`, clear above 7 °C); resolves with its id. */
  const createVendorRule = (device: TestDevice) =>
    file.harness.createRule(file.service.url, device, {
      owner: { kind: 'vendor', vendorId: device.vendorId },
      target: { kind: 'product', vendorId: device.vendorId, productId: device.productId },
      clear: { operator: '>', value: 7 },
    });
  // The file's vendor rules apply to every thermostat of the file: each test counts its own rule's events.
  const firedOf = (ruleId: string, deviceId = file.device.deviceId) =>
    file.alerts.firedFor(deviceId).filter((event) => event.ruleId === ruleId);
  const resolvedOf = (ruleId: string) => file.resolvedFor().filter((event) => event.ruleId === ruleId);

  it('its firing alert resolves without notifying, and the rule stays silent there until unmuted', async () => {
    const ruleId = await createVendorRule(file.device);
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => firedOf(ruleId).length === 1, 'alert.fired');

    const path = `/homes/${file.device.homeId}/muted-rules/${ruleId}`;
    const muted = await api<RuleMuteResponse>('PUT', path);
    expect(muted.status).toBe(200);
    expect(muted.body).toMatchObject({ ruleId, homeId: file.device.homeId });
    expect((await api<RuleMuteResponse>('PUT', path)).body).toEqual(muted.body);
    await waitFor(() => resolvedOf(ruleId).length === 1, 'alert.resolved');
    expect(resolvedOf(ruleId)[0]).toMatchObject({ notify: false, value: null });
    const listed = await api<RuleMuteList>('GET', `/homes/${file.device.homeId}/muted-rules`);
    expect(listed.body.items).toEqual([muted.body]);
    expect((await api<RuleMuteResponse>('GET', path)).body).toEqual(muted.body);
    const vendorsHistory = await api<AlertList>(
      'GET',
      `/alerts?vendorId=${file.device.vendorId}&ruleId=${ruleId}&deviceId=${file.device.deviceId}`,
    );
    expect(vendorsHistory.body.items).toEqual([expect.objectContaining({ status: 'resolved', ruleId })]);

    for (const temperature of [8, 3, 8, 2]) await file.harness.publishState(file.device, { temperature });
    await file.harness.settle();
    expect(firedOf(ruleId)).toHaveLength(1);

    expect((await api('DELETE', path)).status).toBe(204);
    expect((await api<{ code: string }>('GET', path)).body.code).toBe('RULE_MUTE_NOT_FOUND');
    await file.harness.publishState(file.device, { temperature: 8 });
    await file.harness.publishState(file.device, { temperature: 3 });
    await waitFor(() => firedOf(ruleId).length === 2, 'alert.fired after unmuting');
    expect(firedOf(ruleId)[1]?.notify).toBe(true);
  }, 30_000);

  it("another home's devices keep the vendor rule", async () => {
    const ruleId = await createVendorRule(file.device);
    const neighbour = await file.harness.provisionDevice();
    expect((await api('PUT', `/homes/${file.device.homeId}/muted-rules/${ruleId}`)).status).toBe(200);
    await file.harness.publishState(neighbour, { temperature: 4 });
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => firedOf(ruleId, neighbour.deviceId).length === 1, "the neighbour's alert");
    await file.harness.settle();
    expect(firedOf(ruleId)).toHaveLength(0);
  }, 30_000);

  it("a home's own rule cannot be muted (400), nor a rule that does not exist (404)", async () => {
    const ownRule = await file.harness.createRule(file.service.url, file.device, {});
    const own = await api<{ code: string }>('PUT', `/homes/${file.device.homeId}/muted-rules/${ownRule}`);
    expect([own.status, own.body.code]).toEqual([400, 'RULE_NOT_MUTABLE']);
    const missing = await api<{ code: string }>(
      'PUT',
      `/homes/${file.device.homeId}/muted-rules/00000000-0000-4000-8000-000000000000`,
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'RULE_NOT_FOUND']);
  });
});
