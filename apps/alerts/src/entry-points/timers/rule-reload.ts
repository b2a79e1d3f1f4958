import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { createLoggedTask } from './logged-task';
import type { RuleStore } from '../../domain/ports';
import type { RuleIndex } from '../../domain/rule-index';
import type { AlertsMetrics } from '../../metrics';

/** Reloads the enabled rules into the evaluator's index every `intervalMs` (other replicas' changes). */
export function createRuleReload(deps: {
  readonly store: RuleStore;
  readonly index: RuleIndex;
  readonly intervalMs: number;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createLoggedTask('rule-reload', deps, async () => {
    deps.index.replace(await deps.store.listEnabled());
    deps.metrics.rules.set(deps.index.size);
    return false;
  });
}
