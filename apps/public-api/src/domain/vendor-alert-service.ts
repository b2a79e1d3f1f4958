import type {
  AlertList,
  AlertRuleResponse,
  CreateOwnedAlertRuleRequest,
  OwnedAlertListQuery,
  UpdateAlertRuleRequest,
} from '@homeport/contracts';
import type { AlertScope, AlertsDirectory } from './alerts-directory';
import type { AuditLog } from './audit';
import type { Caller } from './callers';
import type { Clock } from './clock';
import type { VendorAccess } from './vendor-access';

/** What a vendor's alert use cases need. */
export interface VendorAlertServiceDeps {
  readonly alerts: AlertsDirectory;
  /** Every call starts with `access.requireOperator` (404 VENDOR_NOT_FOUND outside the caller's reach). */
  readonly access: VendorAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/**
 * A vendor's default rules for its products and the alerts of its fleet, for its back end and its members;
 * the rules' owner is always the vendor of the path, and the alerts service refuses a target outside it
 * (400 RULE_TARGET_INVALID: one device, or another vendor's product).
 */
export function createVendorAlertService({ alerts, access, audit, clock }: VendorAlertServiceDeps) {
  const reach = async (caller: Caller, vendorId: string): Promise<AlertScope> => {
    await access.requireOperator(caller, vendorId);
    return { kind: 'vendor', vendorId };
  };
  const record = (caller: Caller, vendorId: string, action: string, details: Record<string, string>) =>
    audit.record({ caller, at: clock.now(), action, outcome: 'succeeded', vendorId, details });

  return {
    async listRules(caller: Caller, vendorId: string, limit: number): Promise<AlertRuleResponse[]> {
      return alerts.listRules(await reach(caller, vendorId), limit);
    },
    async createRule(caller: Caller, vendorId: string, request: CreateOwnedAlertRuleRequest) {
      const rule = await alerts.createRule(await reach(caller, vendorId), request);
      await record(caller, vendorId, 'alert-rule.created', { ruleId: rule.id, name: rule.name });
      return rule;
    },
    async getRule(caller: Caller, vendorId: string, ruleId: string): Promise<AlertRuleResponse> {
      return alerts.getRule(await reach(caller, vendorId), ruleId);
    },
    async updateRule(caller: Caller, vendorId: string, ruleId: string, patch: UpdateAlertRuleRequest) {
      const rule = await alerts.updateRule(await reach(caller, vendorId), ruleId, patch);
      await record(caller, vendorId, 'alert-rule.updated', { ruleId, changed: Object.keys(patch).join(',') });
      return rule;
    },
    async deleteRule(caller: Caller, vendorId: string, ruleId: string): Promise<void> {
      await alerts.deleteRule(await reach(caller, vendorId), ruleId);
      await record(caller, vendorId, 'alert-rule.deleted', { ruleId });
    },
    async listAlerts(caller: Caller, vendorId: string, query: OwnedAlertListQuery): Promise<AlertList> {
      return alerts.listAlerts(await reach(caller, vendorId), query);
    },
  };
}

/** A vendor's alert use cases. */
export type VendorAlertService = ReturnType<typeof createVendorAlertService>;
