import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { createLoggedTask } from './logged-task';
import type { RuleMuteStore, RuleStore } from '../../domain/ports';
import type { RuleIndex } from '../../domain/rule-index';
import type { AlertsMetrics } from '../../metrics';

/**
 * Reloads the enabled rules and the homes' mutes into the evaluator's index every `intervalMs` (other
 * replicas' changes).
 */
export function createRuleReload(deps: {
  readonly store: RuleStore;
  readonly mutes: RuleMuteStore;
  readonly index: RuleIndex;
  readonly intervalMs: number;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createLoggedTask('rule-reload', deps, async () => {
    const replace = deps.index.startReload();
    const [rules, mutes] = await Promise.all([deps.store.listEnabled(), deps.mutes.listAll()]);
    replace(rules, mutes);
    deps.metrics.rules.set(deps.index.size);
    return false;
  });
}
