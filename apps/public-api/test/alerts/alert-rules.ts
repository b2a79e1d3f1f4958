import type {
  AlertRuleList,
  AlertRuleResponse,
  AuditPage,
  CreateOwnedAlertRuleRequest,
  CreatedPersonalTokenResponse,
  HomeVendorAlertRuleList,
} from '@homeport/contracts';
import { createAlertHome, type AlertHome } from '../support/alerts';
import type { TestVendor } from '../support/devices';
import type { SharedTestEnvironment, TestEnvironment, TestInstance, TestUser } from '../support/environment';
import type { createHomeHelpers } from '../support/home-helpers';
import { createVendorCalls, makeVendorAdmin } from '../support/vendors';

const frost = (deviceId: string): CreateOwnedAlertRuleRequest => ({
  target: { kind: 'device', deviceId },
  name: 'Frost in the cellar',
  condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
  clear: { operator: '>', value: 7 },
  forSeconds: 3,
  severity: 'critical',
  message: '{device}: {property} is {value} °C',
});

export function describeAlertRules(shared: SharedTestEnvironment): void {
  describe("alert rules through public-api: owners write their homes' rules, vendors their products' defaults", () => {
    let environment: TestEnvironment;
    let suite: AlertHome;
    let instance: TestInstance;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let vendor: TestVendor;
    let owner: TestUser;
    let member: TestUser;
    let stranger: TestUser;
    let homeId: string;
    let deviceId: string;

    beforeAll(async () => {
      suite = await createAlertHome(shared.begin(), 'papi_alert_rules');
      ({ environment, instance, helpers, vendor, owner, member, stranger, homeId, deviceId } = suite);
    }, 120_000);

    afterAll(async () => {
      await suite.close();
    });

    const rulesOf = (id: string) => `/v1/homes/${id}/alert-rules`;

    it('an owner creates, reads, changes and deletes a frost rule of their home, each change audited', async () => {
      const as = helpers.as(owner);
      const created = await as.call<AlertRuleResponse>('POST', rulesOf(homeId), frost(deviceId));
      expect(created.status).toBe(201);
      expect(created.body.owner).toEqual({ kind: 'home', homeId });
      const ruleId = created.body.id;

      const listed = await as.call<AlertRuleList>('GET', rulesOf(homeId));
      expect(listed.body.items.map((rule) => rule.id)).toEqual([ruleId]);
      expect(
        (await helpers.as(member).call<AlertRuleResponse>('GET', `${rulesOf(homeId)}/${ruleId}`)).body.name,
      ).toBe('Frost in the cellar');

      const patched = await as.call<AlertRuleResponse>('PATCH', `${rulesOf(homeId)}/${ruleId}`, {
        forSeconds: 60,
        enabled: false,
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ forSeconds: 60, enabled: false });
      expect((await as.call('DELETE', `${rulesOf(homeId)}/${ruleId}`)).status).toBe(204);
      expect((await as.call('GET', `${rulesOf(homeId)}/${ruleId}`)).body.code).toBe('RULE_NOT_FOUND');

      const audit = await as.call<AuditPage>('GET', `/v1/homes/${homeId}/audit?limit=10`);
      const actions = audit.body.items.map((entry) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining(['alert-rule.created', 'alert-rule.updated', 'alert-rule.deleted']),
      );
    });

    it("a member reads the home's rules but may not write them; another person's home is not found", async () => {
      const written = await helpers.as(member).call('POST', rulesOf(homeId), frost(deviceId));
      expect(written.status).toBe(403);
      expect(written.body.code).toBe('HOME_ROLE_INSUFFICIENT');
      expect((await helpers.as(member).call('GET', rulesOf(homeId))).status).toBe(200);
      for (const [method, body] of [['GET'], ['POST', frost(deviceId)]] as const) {
        const answer = await helpers.as(stranger).call(method, rulesOf(homeId), body);
        expect([answer.status, answer.body.code]).toEqual([404, 'HOME_NOT_FOUND']);
      }
    });

    it("another home's rule is not found through one's own home, to read, change or delete", async () => {
      const ownRule = await helpers
        .as(owner)
        .call<AlertRuleResponse>('POST', rulesOf(homeId), frost(deviceId));
      const strangersHome = (await helpers.createHome(stranger)).id;
      const path = `${rulesOf(strangersHome)}/${ownRule.body.id}`;
      for (const [method, body] of [['GET'], ['PATCH', { name: 'mine now' }], ['DELETE']] as const) {
        const answer = await helpers.as(stranger).call(method, path, body);
        expect([method, answer.status, answer.body.code]).toEqual([method, 404, 'RULE_NOT_FOUND']);
      }
      const unchanged = await helpers
        .as(owner)
        .call<AlertRuleResponse>('GET', `${rulesOf(homeId)}/${ownRule.body.id}`);
      expect(unchanged.body.name).toBe('Frost in the cellar');
    });

    it("the alerts service's refusals pass through: an unknown property is 400 naming it, another home's device 404", async () => {
      const unknown = await helpers.as(owner).call<{ details: unknown }>('POST', rulesOf(homeId), {
        ...frost(deviceId),
        condition: { kind: 'threshold', source: 'state', property: 'humidity', operator: '>', value: 80 },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('RULE_PROPERTY_UNKNOWN');
      expect(unknown.body.message).toContain('humidity');
      const strangersHome = (await helpers.createHome(stranger)).id;
      const elsewhere = await helpers.as(stranger).call('POST', rulesOf(strangersHome), frost(deviceId));
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
      const owned = await helpers.as(owner).call('POST', rulesOf(homeId), {
        ...frost(deviceId),
        owner: { kind: 'home', homeId: strangersHome },
      });
      expect([owned.status, owned.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it("a vendor's key sets a product default that the home lists among its vendor rules; other vendors reach nothing", async () => {
      const vendors = createVendorCalls(instance);
      const admin = await instance.createUser();
      await makeVendorAdmin(environment.pool, vendor.vendorId, admin);
      const key = await vendors.createKey(admin, vendor.vendorId, ['alerts:read', 'alerts:write']);
      const battery: CreateOwnedAlertRuleRequest = {
        target: { kind: 'product', vendorId: vendor.vendorId, productId: vendor.productId },
        name: 'Battery low',
        condition: { kind: 'threshold', source: 'telemetry', property: 'battery', operator: '<', value: 15 },
        severity: 'warning',
        message: '{device}: battery at {value} %',
      };
      const path = `/v1/vendors/${vendor.vendorId}/alert-rules`;
      const created = await vendors.call<AlertRuleResponse>(key.key, 'POST', path, battery);
      expect(created.status).toBe(201);
      expect(created.body.owner).toEqual({ kind: 'vendor', vendorId: vendor.vendorId });
      const oneDevice = await vendors.call(key.key, 'POST', path, {
        ...battery,
        target: { kind: 'device', deviceId },
      });
      expect([oneDevice.status, oneDevice.body.code]).toEqual([400, 'RULE_TARGET_INVALID']);

      const defaults = await helpers
        .as(member)
        .call<HomeVendorAlertRuleList>('GET', `/v1/homes/${homeId}/vendor-alert-rules`);
      expect(defaults.status).toBe(200);
      expect(defaults.body.items.map(({ rule }) => rule.id)).toContain(created.body.id);

      const otherVendor = `${vendor.vendorId}-other`;
      await makeVendorAdmin(environment.pool, otherVendor, admin);
      const otherKey = await vendors.createKey(admin, otherVendor, ['alerts:read', 'alerts:write']);
      const crossed = await vendors.call(otherKey.key, 'GET', `${path}/${created.body.id}`);
      expect([crossed.status, crossed.body.code]).toEqual([404, 'VENDOR_NOT_FOUND']);
      const throughOwn = await vendors.call(
        otherKey.key,
        'DELETE',
        `/v1/vendors/${otherVendor}/alert-rules/${created.body.id}`,
      );
      expect([throughOwn.status, throughOwn.body.code]).toEqual([404, 'RULE_NOT_FOUND']);
    });

    it('a token without the alerts scopes is refused, and a key without alerts:write may only read', async () => {
      const token = await helpers.as(owner).call<CreatedPersonalTokenResponse>('POST', '/v1/account/tokens', {
        name: 'script',
        scopes: ['devices:read'],
      });
      const refused = await instance.api<{ code: string }>(
        'GET',
        rulesOf(homeId),
        undefined,
        token.body.token,
      );
      expect([refused.status, refused.body.code]).toEqual([403, 'TOKEN_SCOPE_INSUFFICIENT']);
      const reader = await helpers
        .as(owner)
        .call<CreatedPersonalTokenResponse>('POST', '/v1/account/tokens', {
          name: 'reader',
          scopes: ['alerts:read'],
        });
      expect((await instance.api('GET', rulesOf(homeId), undefined, reader.body.token)).status).toBe(200);
      const write = await instance.api<{ code: string }>(
        'POST',
        rulesOf(homeId),
        frost(deviceId),
        reader.body.token,
      );
      expect([write.status, write.body.code]).toEqual([403, 'TOKEN_SCOPE_INSUFFICIENT']);
    });

    it('with the alerts service away, the alert routes answer 503 ALERTS_UNAVAILABLE', async () => {
      const alone = await environment.startInstance({
        ALERTS_API_URL: 'http://127.0.0.1:9',
        JWT_SIGNING_KEY: instance.config.JWT_SIGNING_KEY,
      });
      const answer = await alone.api<{ code: string }>(
        'GET',
        rulesOf(homeId),
        undefined,
        owner.tokens.accessToken,
      );
      expect([answer.status, answer.body.code]).toEqual([503, 'ALERTS_UNAVAILABLE']);
    });
  });
}
