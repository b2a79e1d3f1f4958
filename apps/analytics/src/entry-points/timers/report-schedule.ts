import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import type { FleetAnalytics } from '../../domain/fleet-analytics';
import type { AnalyticsMetrics } from '../../metrics';
import { createBackgroundTask } from './background-task';

/**
 * Every `intervalMs`, generates yesterday's (UTC) and last ISO week's report of each vendor that has none
 * yet, `batchSize` a round. Replicas may both generate one: the same facts give the same report, and the second replaces the first.
 */
export function createReportSchedule(deps: {
  readonly analytics: FleetAnalytics;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly metrics: AnalyticsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createBackgroundTask({
    task: 'report-schedule',
    failure: 'generating the reports failed; retrying next interval',
    intervalMs: deps.intervalMs,
    round: async () => {
      const generated = await deps.analytics.generateDueReports(deps.batchSize);
      deps.metrics.reports.inc({ trigger: 'schedule' }, generated.count);
      return generated.more;
    },
    metrics: deps.metrics,
    logger: deps.logger,
  });
}
