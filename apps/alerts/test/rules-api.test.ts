import { alertRuleExample, type AlertRuleList, type AlertRuleResponse } from '@homeport/contracts';
import { requestJson } from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, type Harness, type TestDevice } from './support/harness';

describe('the alerts internal API: rules', () => {
  let harness: Harness;
  let service: RunningWorker;
  let device: TestDevice;

  beforeAll(async () => {
    harness = await createHarness('alerts_rules_api');
    service = await harness.startService();
    device = await harness.provisionDevice();
  }, 60_000);
  afterAll(async () => {
    await harness.close();
  });

  // The contract's example rule, on this file's device and home.
  const frost = () => ({
    ...alertRuleExample,
    owner: { kind: 'home' as const, homeId: device.homeId },
    target: { kind: 'device' as const, deviceId: device.deviceId },
  });

  it('an owner creates, reads, lists, changes and deletes a rule of one of their devices', async () => {
    const created = await harness.api<AlertRuleResponse>(service.url, 'POST', '/rules', frost());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...frost(),
      enabled: true,
      flapping: { maxTransitions: 6, windowSeconds: 600 },
    });
    const path = `/rules/${created.body.id}`;
    expect((await harness.api<AlertRuleResponse>(service.url, 'GET', path)).body.name).toBe(
      alertRuleExample.name,
    );
    const listed = await harness.api<AlertRuleList>(service.url, 'GET', `/rules?homeId=${device.homeId}`);
    expect(listed.body.items.map((rule) => rule.id)).toEqual([created.body.id]);
    const changed = await harness.api<AlertRuleResponse>(service.url, 'PATCH', path, {
      forSeconds: 120,
      clear: null,
    });
    expect(changed.body).toMatchObject({ forSeconds: 120, clear: null });
    expect((await harness.api(service.url, 'DELETE', path)).status).toBe(204);
    expect((await harness.api(service.url, 'GET', path)).status).toBe(404);
  });

  it('a property the product does not have is a 400 naming it', async () => {
    const rule = frost();
    const answer = await harness.api<{ code: string; message: string }>(service.url, 'POST', '/rules', {
      ...rule,
      condition: { ...rule.condition, property: 'pressure' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('RULE_PROPERTY_UNKNOWN');
    expect(answer.body.message).toMatch(/pressure/);
  });

  it("another home's device answers as a missing one, and a vendor's rule targets only its own products", async () => {
    const other = await harness.api<{ code: string }>(service.url, 'POST', '/rules', {
      ...frost(),
      owner: { kind: 'home', homeId: '00000000-0000-4000-8000-000000000000' },
    });
    expect([other.status, other.body.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    const vendorRule = await harness.api<{ code: string }>(service.url, 'POST', '/rules', {
      ...frost(),
      owner: { kind: 'vendor', vendorId: 'someone-else' },
      target: { kind: 'product', vendorId: device.vendorId, productId: device.productId },
    });
    expect([vendorRule.status, vendorRule.body.code]).toEqual([400, 'RULE_TARGET_INVALID']);
  });

  it('without the service token every rule route is 401, while /health stays open', async () => {
    expect((await requestJson(service.url, 'GET', `/rules?homeId=${device.homeId}`)).status).toBe(401);
    expect((await requestJson(service.url, 'POST', '/rules', { body: frost(), token: 'wrong' })).status).toBe(
      401,
    );
    expect((await requestJson(service.url, 'GET', '/health')).status).toBe(200);
  });
});
