import {
  defaultAlertFlappingPolicy,
  type AlertRuleQuery,
  type CreateAlertRuleRequest,
  type UpdateAlertRuleRequest,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AlertRule } from './alert-rule';
import type { DeviceDirectory, RuleStore } from './ports';
import { checkRuleOptions, checkRuleCondition, resolveRuleProduct } from './rule-validation';

/** The rules' use cases, served by the internal API. */
export interface Rules {
  create(request: CreateAlertRuleRequest): Promise<AlertRule>;
  list(query: AlertRuleQuery): Promise<AlertRule[]>;
  get(ruleId: string): Promise<AlertRule>;
  update(ruleId: string, patch: UpdateAlertRuleRequest): Promise<AlertRule>;
  remove(ruleId: string): Promise<void>;
}

const notFound = (ruleId: string) => new AppError('not_found', 'RULE_NOT_FOUND', `no rule ${ruleId}`);

/**
 * Creates the use cases; `onChanged` / `onRemoved` keep this replica's evaluator up to date at once (and wake
 * the outbox relay: a disabled or deleted rule's open alerts resolve with it).
 */
export function createRules(deps: {
  readonly store: RuleStore;
  readonly directory: DeviceDirectory;
  readonly now: () => number;
  readonly onChanged: (rule: AlertRule) => void;
  readonly onRemoved: (ruleId: string) => void;
}): Rules {
  const { store, directory } = deps;
  const get = async (ruleId: string) => {
    const rule = await store.get(ruleId);
    if (rule === undefined) throw notFound(ruleId);
    return rule;
  };
  return {
    async create(request) {
      const product = await resolveRuleProduct(directory, request.owner, request.target);
      const clear = request.clear ?? null;
      await checkRuleCondition(directory, product, request.condition, clear);
      const at = new Date(deps.now());
      const rule: AlertRule = {
        id: randomUUID(),
        owner: request.owner,
        target: request.target,
        ...product,
        name: request.name,
        condition: request.condition,
        clear,
        forSeconds: request.forSeconds ?? 0,
        severity: request.severity,
        message: request.message,
        enabled: request.enabled ?? true,
        flapping: request.flapping ?? defaultAlertFlappingPolicy,
        escalation: request.escalation ?? null,
        createdAt: at,
        updatedAt: at,
      };
      checkRuleOptions(rule);
      await store.insert(rule);
      deps.onChanged(rule);
      return rule;
    },
    list(query) {
      if ((query.homeId === undefined) === (query.vendorId === undefined)) {
        throw new AppError('invalid', 'RULE_OWNER_REQUIRED', 'name exactly one owner: homeId or vendorId');
      }
      return store.list({ ...query, limit: query.limit ?? 100 });
    },
    get,
    async update(ruleId, patch) {
      const current = await get(ruleId);
      const { clear, escalation, ...rest } = patch;
      const rule: AlertRule = {
        ...current,
        ...rest,
        clear: clear === undefined ? current.clear : clear,
        escalation: escalation === undefined ? current.escalation : escalation,
        updatedAt: new Date(Math.max(deps.now(), current.updatedAt.getTime() + 1)),
      };
      checkRuleOptions(rule);
      await checkRuleCondition(directory, rule, rule.condition, rule.clear);
      if (!(await store.update(rule))) throw notFound(ruleId);
      deps.onChanged(rule);
      return rule;
    },
    async remove(ruleId) {
      if (!(await store.remove(ruleId, new Date(deps.now())))) throw notFound(ruleId);
      deps.onRemoved(ruleId);
    },
  };
}
