import {
  deviceStateChangedV1,
  type AlertList,
  type AlertResponse,
  type AlertRuleList,
  type AlertRuleResponse,
  type AuditPage,
  type HomeVendorAlertRuleList,
  type RuleMuteResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { readTestServerUrls, waitForValue } from '@homeport/testing';
import { createAlertHome, type AlertHome } from '../support/alerts';
import type { TestVendor } from '../support/devices';
import type { SharedTestEnvironment, TestEnvironment, TestInstance, TestUser } from '../support/environment';
import type { createHomeHelpers } from '../support/home-helpers';
import { createVendorCalls, makeVendorAdmin } from '../support/vendors';

export function describeAlertHistory(shared: SharedTestEnvironment): void {
  // The alerts service (its own process) evaluates readings the suite publishes on homeport.events; public-api
  // (in process) serves the alerts of the caller's homes and vendor, acknowledgements and mutes.
  describe("alerts' history, acknowledgement and mutes through public-api, each confined to the caller", () => {
    let environment: TestEnvironment;
    let suite: AlertHome;
    let instance: TestInstance;
    let publisher: MessageBus;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let vendor: TestVendor;
    let vendorKey: string;
    let owner: TestUser;
    let member: TestUser;
    let stranger: TestUser;
    let homeId: string;
    let deviceId: string;

    beforeAll(async () => {
      suite = await createAlertHome(shared.begin(), 'papi_alert_history', { RULES_RELOAD_MS: '200' });
      ({ environment, instance, helpers, vendor, owner, member, stranger, homeId, deviceId } = suite);
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: 'alert-history-test-publisher',
        queues: [],
        namePrefix: environment.amqpPrefix,
      });
      const admin = await instance.createUser();
      await makeVendorAdmin(environment.pool, vendor.vendorId, admin);
      vendorKey = (
        await createVendorCalls(instance).createKey(admin, vendor.vendorId, ['alerts:read', 'alerts:write'])
      ).key;
    }, 120_000);

    afterAll(async () => {
      await publisher.close();
      await suite.close();
    });

    const publishState = (state: Record<string, number>) =>
      publisher.publish(deviceStateChangedV1, {
        vendorId: vendor.vendorId,
        deviceId,
        changed: state,
        state,
        reportedAt: Date.now(),
      });
    const firingOf = (ruleId: string) =>
      waitForValue(async () => {
        const page = await helpers
          .as(owner)
          .call<AlertList>('GET', `/v1/homes/${homeId}/alerts?status=firing&ruleId=${ruleId}`);
        return page.body.items[0];
      }, `a firing alert of ${ruleId}`);

    it('a member lists the firing frost alert, reads it and acknowledges it as themself with a snooze', async () => {
      const rule = await helpers
        .as(owner)
        .call<AlertRuleResponse>('POST', `/v1/homes/${homeId}/alert-rules`, {
          target: { kind: 'device', deviceId },
          name: 'Frost',
          condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
          severity: 'critical',
          message: '{device}: {value} °C',
        });
      await publishState({ temperature: 3 });
      const firing = await firingOf(rule.body.id);
      expect(firing).toMatchObject({ deviceId, homeId, status: 'firing', value: 3 });

      const read = await helpers
        .as(member)
        .call<AlertResponse>('GET', `/v1/homes/${homeId}/alerts/${firing.id}`);
      expect(read.body.id).toBe(firing.id);
      const acknowledged = await helpers
        .as(member)
        .call<AlertResponse>('POST', `/v1/homes/${homeId}/alerts/${firing.id}/acknowledge`, {
          snoozeSeconds: 3600,
        });
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.body.acknowledgedBy).toBe(member.id);
      expect(acknowledged.body.snoozedUntil).not.toBeNull();
      const forged = await helpers
        .as(member)
        .call('POST', `/v1/homes/${homeId}/alerts/${firing.id}/acknowledge`, { userId: stranger.id });
      expect([forged.status, forged.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const audit = await helpers
        .as(owner)
        .call<AuditPage>('GET', `/v1/homes/${homeId}/audit?action=alert.acknowledged`);
      expect(audit.body.items.map((entry) => entry.details)).toContainEqual(
        expect.objectContaining({ alertId: firing.id }),
      );

      await publishState({ temperature: 9 });
      const resolved = await waitForValue(async () => {
        const answer = await helpers
          .as(owner)
          .call<AlertResponse>('GET', `/v1/homes/${homeId}/alerts/${firing.id}`);
        return answer.body.status === 'resolved' ? answer.body : undefined;
      }, 'the frost alert to resolve');
      // Acknowledging again answers the first acknowledgement as it stands.
      const again = await helpers
        .as(owner)
        .call<AlertResponse>('POST', `/v1/homes/${homeId}/alerts/${resolved.id}/acknowledge`, {});
      expect([again.status, again.body.acknowledgedBy]).toEqual([200, member.id]);
    });

    it("another person's home, and another home's alert through one's own, are not found", async () => {
      const page = await helpers.as(owner).call<AlertList>('GET', `/v1/homes/${homeId}/alerts`);
      const [alert] = page.body.items;
      if (alert === undefined) throw new Error('no alert in the home yet');
      const theirs = await helpers.as(stranger).call('GET', `/v1/homes/${homeId}/alerts`);
      expect([theirs.status, theirs.body.code]).toEqual([404, 'HOME_NOT_FOUND']);
      const strangersHome = (await helpers.createHome(stranger)).id;
      for (const [method, path] of [
        ['GET', `/v1/homes/${strangersHome}/alerts/${alert.id}`],
        ['POST', `/v1/homes/${strangersHome}/alerts/${alert.id}/acknowledge`],
      ] as const) {
        const answer = await helpers.as(stranger).call(method, path, method === 'POST' ? {} : undefined);
        expect([method, answer.status, answer.body.code]).toEqual([method, 404, 'ALERT_NOT_FOUND']);
      }
      const none = await helpers.as(stranger).call<AlertList>('GET', `/v1/homes/${strangersHome}/alerts`);
      expect(none.body.items).toEqual([]);
    });

    it("a vendor's default fires in the home; the vendor lists it in its fleet, never the home's own rules' alerts", async () => {
      const vendors = createVendorCalls(instance);
      const rule = await vendors.call<AlertRuleResponse>(
        vendorKey,
        'POST',
        `/v1/vendors/${vendor.vendorId}/alert-rules`,
        {
          target: { kind: 'product', vendorId: vendor.vendorId, productId: vendor.productId },
          name: 'Battery low',
          condition: { kind: 'threshold', source: 'state', property: 'battery', operator: '<', value: 15 },
          severity: 'warning',
          message: '{device}: battery {value} %',
        },
      );
      expect(rule.status).toBe(201);
      await publishState({ battery: 10 });
      const firing = await firingOf(rule.body.id);
      const fleet = await vendors.call<AlertList>(vendorKey, 'GET', `/v1/vendors/${vendor.vendorId}/alerts`);
      expect(fleet.body.items.map((alert) => alert.id)).toContain(firing.id);
      expect(fleet.body.items.every((alert) => alert.owner.kind === 'vendor')).toBe(true);
    });

    it('an owner mutes a vendor default for the home and unmutes it; members may not; a home rule is no default', async () => {
      const defaults = await helpers
        .as(member)
        .call<HomeVendorAlertRuleList>('GET', `/v1/homes/${homeId}/vendor-alert-rules`);
      const battery = defaults.body.items.find(({ rule }) => rule.name === 'Battery low');
      if (battery === undefined) throw new Error('the vendor default is not listed');
      expect(battery.muted).toBe(false);
      const path = `/v1/homes/${homeId}/vendor-alert-rules/${battery.rule.id}/mute`;
      const byMember = await helpers.as(member).call('PUT', path);
      expect([byMember.status, byMember.body.code]).toEqual([403, 'HOME_ROLE_INSUFFICIENT']);
      const muted = await helpers.as(owner).call<RuleMuteResponse>('PUT', path);
      expect(muted.status).toBe(200);
      expect(muted.body).toMatchObject({ ruleId: battery.rule.id, homeId });
      const listed = await helpers
        .as(owner)
        .call<HomeVendorAlertRuleList>('GET', `/v1/homes/${homeId}/vendor-alert-rules`);
      expect(listed.body.items.find(({ rule }) => rule.id === battery.rule.id)?.muted).toBe(true);
      // Muting ends the home's firing alert of it (quietly).
      await waitForValue(async () => {
        const page = await helpers
          .as(owner)
          .call<AlertList>('GET', `/v1/homes/${homeId}/alerts?status=open&ruleId=${battery.rule.id}`);
        return page.body.items.length === 0 ? true : undefined;
      }, 'the muted rule to have no open alert in the home');
      const ended = await helpers
        .as(owner)
        .call<AlertList>('GET', `/v1/homes/${homeId}/alerts?status=resolved&ruleId=${battery.rule.id}`);
      const [endedAlert] = ended.body.items;
      if (endedAlert === undefined) throw new Error('the muted rule left no resolved alert');
      const late = await helpers
        .as(owner)
        .call('POST', `/v1/homes/${homeId}/alerts/${endedAlert.id}/acknowledge`, {});
      expect([late.status, late.body.code]).toEqual([409, 'ALERT_NOT_FIRING']);
      expect((await helpers.as(owner).call('DELETE', path)).status).toBe(204);
      const own = await helpers.as(owner).call<AlertRuleList>('GET', `/v1/homes/${homeId}/alert-rules`);
      const [ownRule] = own.body.items;
      if (ownRule === undefined) throw new Error('no home rule');
      const notDefault = await helpers
        .as(owner)
        .call('PUT', `/v1/homes/${homeId}/vendor-alert-rules/${ownRule.id}/mute`);
      expect([notDefault.status, notDefault.body.code]).toEqual([404, 'RULE_NOT_FOUND']);
    });
  });
}
