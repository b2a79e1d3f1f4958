import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import type { AnalyticsMetrics } from '../../metrics';

/**
 * A periodic task of analytics: `round` every `intervalMs` (at once again while it says more is waiting); a
 * failed round is counted under `task`, logged as `failure`, and tried again the next interval.
 */
export function createBackgroundTask(deps: {
  readonly task: string;
  readonly failure: string;
  readonly intervalMs: number;
  readonly round: () => Promise<boolean>;
  readonly metrics: AnalyticsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createPeriodicTask({
    intervalMs: deps.intervalMs,
    round: deps.round,
    onFailure: (error) => {
      deps.metrics.backgroundFailures.inc({ task: deps.task });
      deps.logger.warn({ err: error }, deps.failure);
    },
  });
}
