import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import type { AlertsMetrics } from '../../metrics';

/**
 * A periodic task of alerts whose failed rounds are counted (`alerts_background_failures_total{task}`) and
 * logged; the next round runs after the interval as usual.
 */
export function createLoggedTask(
  task: string,
  deps: { readonly intervalMs: number; readonly metrics: AlertsMetrics; readonly logger: Logger },
  round: () => Promise<boolean>,
): PeriodicTask {
  return createPeriodicTask({
    intervalMs: deps.intervalMs,
    round,
    onFailure: (error) => {
      deps.metrics.backgroundFailures.inc({ task });
      deps.logger.warn({ err: error, task }, `${task} failed; retrying next interval`);
    },
  });
}
