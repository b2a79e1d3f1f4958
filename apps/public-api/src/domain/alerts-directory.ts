import type {
  AlertList,
  AlertResponse,
  AlertRuleOwner,
  AlertRuleResponse,
  CreateOwnedAlertRuleRequest,
  OwnedAlertListQuery,
  RuleMuteResponse,
  UpdateAlertRuleRequest,
} from '@homeport/contracts';

/** Whose rules and alerts a call reaches: one home, or one vendor (the alerts API's `homeId=` / `vendorId=`). */
export type AlertScope = AlertRuleOwner;

/**
 * The alerts service's rules, alerts and a home's mutes of vendor rules (its internal API). Every method takes
 * the scope it is confined to: a rule or an alert of another home or vendor answers as a missing one (404
 * RULE_NOT_FOUND, ALERT_NOT_FOUND), so a forgotten policy check still reaches nothing of anyone else. The
 * alerts service's refusals (400 RULE_PROPERTY_UNKNOWN, 404 DEVICE_NOT_FOUND, ...) are AppErrors with its
 * code; no answer is 503 ALERTS_UNAVAILABLE.
 */
export interface AlertsDirectory {
  listRules(scope: AlertScope, limit: number): Promise<AlertRuleResponse[]>;
  createRule(scope: AlertScope, request: CreateOwnedAlertRuleRequest): Promise<AlertRuleResponse>;
  getRule(scope: AlertScope, ruleId: string): Promise<AlertRuleResponse>;
  updateRule(scope: AlertScope, ruleId: string, patch: UpdateAlertRuleRequest): Promise<AlertRuleResponse>;
  deleteRule(scope: AlertScope, ruleId: string): Promise<void>;
  /** The vendor rules the home muted. */
  listMutes(homeId: string): Promise<RuleMuteResponse[]>;
  /** The home mutes a vendor rule (again: unchanged). */
  mute(homeId: string, ruleId: string): Promise<RuleMuteResponse>;
  /** The home unmutes it (not muted: nothing to do). */
  unmute(homeId: string, ruleId: string): Promise<void>;
  listAlerts(scope: AlertScope, query: OwnedAlertListQuery): Promise<AlertList>;
  getAlert(scope: AlertScope, alertId: string): Promise<AlertResponse>;
  /** `userId` acknowledges the alert (and snoozes its rule on the device for `snoozeSeconds`). */
  acknowledge(
    scope: AlertScope,
    alertId: string,
    request: { userId: string; snoozeSeconds?: number },
  ): Promise<AlertResponse>;
}
