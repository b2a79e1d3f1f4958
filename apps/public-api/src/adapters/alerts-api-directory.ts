import type {
  AlertList,
  AlertResponse,
  AlertRuleList,
  AlertRuleResponse,
  RuleMuteList,
  RuleMuteResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AlertScope, AlertsDirectory } from '../domain/alerts-directory';
import type { InternalApiSend } from './internal-api-transport';

const rulePath = (ruleId: string) => `/rules/${encodeURIComponent(ruleId)}`;
const alertPath = (alertId: string, rest = '') => `/alerts/${encodeURIComponent(alertId)}${rest}`;
const mutePath = (homeId: string, ruleId = '') =>
  `/homes/${encodeURIComponent(homeId)}/muted-rules${ruleId === '' ? '' : `/${encodeURIComponent(ruleId)}`}`;

/** The alerts API's `homeId=` or `vendorId=` of a scope. */
const scopeQuery = (scope: AlertScope) =>
  scope.kind === 'home' ? { homeId: scope.homeId } : { vendorId: scope.vendorId };

const isOwnedBy = (rule: AlertRuleResponse, scope: AlertScope) =>
  scope.kind === 'home'
    ? rule.owner.kind === 'home' && rule.owner.homeId === scope.homeId
    : rule.owner.kind === 'vendor' && rule.owner.vendorId === scope.vendorId;

/**
 * The alerts service's internal API. Its rule routes by id are not scoped, so the adapter reads the rule
 * first and answers one of another owner with the alerts service's own 404 RULE_NOT_FOUND, as a missing one,
 * before changing it; its alert routes take the scope (`homeId=` / `vendorId=`) and apply it themselves.
 */
export function createAlertsApiDirectory(send: InternalApiSend): AlertsDirectory {
  const getRule = async (scope: AlertScope, ruleId: string) => {
    const rule = await send<AlertRuleResponse>('GET', rulePath(ruleId));
    if (!isOwnedBy(rule, scope)) throw new AppError('not_found', 'RULE_NOT_FOUND', `no rule ${ruleId}`);
    return rule;
  };
  return {
    async listRules(scope, limit) {
      const list = await send<AlertRuleList>('GET', '/rules', { query: { ...scopeQuery(scope), limit } });
      return list.items;
    },
    createRule: (scope, request) =>
      send<AlertRuleResponse>('POST', '/rules', { body: { ...request, owner: scope } }),
    getRule,
    async updateRule(scope, ruleId, patch) {
      await getRule(scope, ruleId);
      return send<AlertRuleResponse>('PATCH', rulePath(ruleId), { body: patch });
    },
    async deleteRule(scope, ruleId) {
      await getRule(scope, ruleId);
      await send<undefined>('DELETE', rulePath(ruleId));
    },
    async listMutes(homeId) {
      return (await send<RuleMuteList>('GET', mutePath(homeId))).items;
    },
    mute: (homeId, ruleId) => send<RuleMuteResponse>('PUT', mutePath(homeId, ruleId)),
    async unmute(homeId, ruleId) {
      await send<undefined>('DELETE', mutePath(homeId, ruleId));
    },
    listAlerts: (scope, query) =>
      send<AlertList>('GET', '/alerts', { query: { ...query, ...scopeQuery(scope) } }),
    getAlert: (scope, alertId) =>
      send<AlertResponse>('GET', alertPath(alertId), { query: scopeQuery(scope) }),
    acknowledge: (scope, alertId, request) =>
      send<AlertResponse>('POST', alertPath(alertId, '/acknowledge'), {
        query: scopeQuery(scope),
        body: request,
      }),
  };
}
