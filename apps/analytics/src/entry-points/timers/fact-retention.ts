import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import type { FactRetention } from '../../domain/fact-retention';
import type { AnalyticsMetrics } from '../../metrics';
import { createBackgroundTask } from './background-task';

/**
 * Every `intervalMs`, rolls up the message and presence facts past their retention and deletes their raw
 * rows, a batch of each per vendor a round; rounds follow one another at once while batches come back full. Every replica runs
 * it: a day is rolled up once whichever runs it, and replicas deleting at once take different rows.
 */
export function createFactRetentionTimer(deps: {
  readonly retention: FactRetention;
  readonly intervalMs: number;
  readonly metrics: AnalyticsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createBackgroundTask({
    // The task's label and the counters' names predate presence's retention: dashboards keep them.
    task: 'message-retention',
    failure: 'rolling up or deleting message or presence facts failed; retrying next interval',
    intervalMs: deps.intervalMs,
    round: async () => {
      const done = await deps.retention.round();
      deps.metrics.messageDaysRolledUp.inc(done.daysRolledUp);
      deps.metrics.messageFactsDeleted.inc(done.deleted.messages);
      deps.metrics.presenceFactsDeleted.inc(done.deleted.presence);
      return done.more;
    },
    metrics: deps.metrics,
    logger: deps.logger,
  });
}
