import type {
  AlertList,
  AlertResponse,
  AlertRuleResponse,
  CreateOwnedAlertRuleRequest,
  HomeVendorAlertRule,
  OwnedAlertListQuery,
  RuleMuteResponse,
  UpdateAlertRuleRequest,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AlertScope, AlertsDirectory } from './alerts-directory';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { DeviceClaims } from './device-claims';
import { canAcknowledgeAlerts, canManageAlertRules, canViewAlerts } from './home-policies';
import type { HomeRepository } from './homes';

/** What a home's alert use cases need. */
export interface HomeAlertServiceDeps {
  readonly homes: HomeRepository;
  readonly alerts: AlertsDirectory;
  /** The home's devices (broker-api), to find the vendor defaults that apply to them. */
  readonly devices: DeviceClaims;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const homeNotFound = () => new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
const ownersOnly = () =>
  new AppError('forbidden', 'HOME_ROLE_INSUFFICIENT', 'only owners of the home may do this');
const ruleNotFound = (ruleId: string) =>
  new AppError('not_found', 'RULE_NOT_FOUND', `no vendor rule ${ruleId} applies to this home`);

/** Registry pages of the home's devices read for its vendor defaults (500 devices each). */
const maxDevicePages = 10;
const devicePageSize = 500;
/** A vendor's rules read per vendor of the home's devices (the alerts API's largest page). */
const vendorRulesLimit = 500;

/**
 * A home's alert rules, the vendor defaults that apply to its devices and its mutes of them, its alerts and
 * their acknowledgement: members read and acknowledge, owners write (home-policies.ts); every call to the
 * alerts service is confined to the home of the path, once the caller's HomeScope holds it.
 */
export function createHomeAlertService({ homes, alerts, devices, audit, clock }: HomeAlertServiceDeps) {
  async function reach(
    caller: UserCaller,
    homeId: string,
    allowed: typeof canViewAlerts,
  ): Promise<AlertScope> {
    const scope = await homes.loadScope(caller.userId);
    if (!canViewAlerts(scope, homeId)) throw homeNotFound();
    if (!allowed(scope, homeId)) throw ownersOnly();
    return { kind: 'home', homeId };
  }
  const record = (caller: UserCaller, homeId: string, action: string, details: Record<string, string>) =>
    audit.record({ caller, at: clock.now(), action, outcome: 'succeeded', homeId, details });

  /** The vendor rules targeting a product of the home's devices (read from the registry, then per vendor). */
  async function vendorDefaultsOf(homeId: string): Promise<AlertRuleResponse[]> {
    const products = new Set<string>();
    const vendors = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < maxDevicePages; page += 1) {
      const found = await devices.listInHome(homeId, {
        limit: devicePageSize,
        ...(after !== undefined && { after }),
      });
      for (const device of found.items) {
        vendors.add(device.vendorId);
        products.add(`${device.vendorId}/${device.productId}`);
      }
      after = found.nextAfter;
      if (after === undefined) break;
    }
    const perVendor = await Promise.all(
      [...vendors].map((vendorId) => alerts.listRules({ kind: 'vendor', vendorId }, vendorRulesLimit)),
    );
    return perVendor
      .flat()
      .filter(
        (rule) =>
          rule.target.kind === 'product' && products.has(`${rule.target.vendorId}/${rule.target.productId}`),
      );
  }

  return {
    async listRules(caller: UserCaller, homeId: string, limit: number): Promise<AlertRuleResponse[]> {
      return alerts.listRules(await reach(caller, homeId, canViewAlerts), limit);
    },
    async createRule(caller: UserCaller, homeId: string, request: CreateOwnedAlertRuleRequest) {
      const rule = await alerts.createRule(await reach(caller, homeId, canManageAlertRules), request);
      await record(caller, homeId, 'alert-rule.created', { ruleId: rule.id, name: rule.name });
      return rule;
    },
    async getRule(caller: UserCaller, homeId: string, ruleId: string): Promise<AlertRuleResponse> {
      return alerts.getRule(await reach(caller, homeId, canViewAlerts), ruleId);
    },
    async updateRule(caller: UserCaller, homeId: string, ruleId: string, patch: UpdateAlertRuleRequest) {
      const rule = await alerts.updateRule(await reach(caller, homeId, canManageAlertRules), ruleId, patch);
      await record(caller, homeId, 'alert-rule.updated', { ruleId, changed: Object.keys(patch).join(',') });
      return rule;
    },
    async deleteRule(caller: UserCaller, homeId: string, ruleId: string): Promise<void> {
      await alerts.deleteRule(await reach(caller, homeId, canManageAlertRules), ruleId);
      await record(caller, homeId, 'alert-rule.deleted', { ruleId });
    },

    async listVendorDefaults(caller: UserCaller, homeId: string): Promise<HomeVendorAlertRule[]> {
      await reach(caller, homeId, canViewAlerts);
      const [rules, mutes] = await Promise.all([vendorDefaultsOf(homeId), alerts.listMutes(homeId)]);
      const mutedAt = new Map(mutes.map((mute) => [mute.ruleId, mute.mutedAt]));
      return rules.map((rule) => ({
        rule,
        muted: mutedAt.has(rule.id),
        mutedAt: mutedAt.get(rule.id) ?? null,
      }));
    },
    /** Owners mute a vendor default that applies to the home (another rule: 404 RULE_NOT_FOUND). */
    async mute(caller: UserCaller, homeId: string, ruleId: string): Promise<RuleMuteResponse> {
      await reach(caller, homeId, canManageAlertRules);
      if (!(await vendorDefaultsOf(homeId)).some((rule) => rule.id === ruleId)) throw ruleNotFound(ruleId);
      const mute = await alerts.mute(homeId, ruleId);
      await record(caller, homeId, 'alert-rule.muted', { ruleId });
      return mute;
    },
    async unmute(caller: UserCaller, homeId: string, ruleId: string): Promise<void> {
      await reach(caller, homeId, canManageAlertRules);
      await alerts.unmute(homeId, ruleId);
      await record(caller, homeId, 'alert-rule.unmuted', { ruleId });
    },

    async listAlerts(caller: UserCaller, homeId: string, query: OwnedAlertListQuery): Promise<AlertList> {
      return alerts.listAlerts(await reach(caller, homeId, canViewAlerts), query);
    },
    async getAlert(caller: UserCaller, homeId: string, alertId: string): Promise<AlertResponse> {
      return alerts.getAlert(await reach(caller, homeId, canViewAlerts), alertId);
    },
    /** The caller acknowledges (as themself: the user id is theirs, never the request's). */
    async acknowledge(caller: UserCaller, homeId: string, alertId: string, snoozeSeconds?: number) {
      const scope = await reach(caller, homeId, canAcknowledgeAlerts);
      const alert = await alerts.acknowledge(scope, alertId, {
        userId: caller.userId,
        ...(snoozeSeconds !== undefined && { snoozeSeconds }),
      });
      const details = { alertId, ruleId: alert.ruleId, snoozeSeconds: String(snoozeSeconds ?? 0) };
      await record(caller, homeId, 'alert.acknowledged', details);
      return alert;
    },
  };
}

/** A home's alert use cases. */
export type HomeAlertService = ReturnType<typeof createHomeAlertService>;
