import type { Logger } from '@homeport/observability';
import type { TimeSeriesRollups } from '../domain/ports';
import { applyRetention, type RetentionRules } from '../domain/time-series-retention';
import type { StateWorkersMetrics } from '../metrics';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

/**
 * How often the recent rollups are computed again: well within contracts' `rollupSettleMs`, after which
 * readers trust the rollups of a time.
 */
export const rollupIntervalMs = 60_000;

/**
 * How far back each run rolls up: points arriving later than this after their time (a device that was
 * offline for longer) reach the rollups only through a backfill (`rollUpRange`).
 */
export const rollupLookbackMs = 60 * 60_000;

/**
 * Every minute, rolls up the last hour again (whole buckets, so the current ones grow and late points
 * count); every `retentionIntervalMs`, applies the retention rules. Every replica runs it: both steps are
 * idempotent, so replicas only repeat each other's work.
 */
export function startTimeSeriesMaintenance(deps: {
  readonly rollups: TimeSeriesRollups;
  readonly rules: RetentionRules;
  readonly retentionIntervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): PeriodicJob {
  let lastRetentionMs = 0;
  return startPeriodicJob({
    async task() {
      const nowMs = Date.now();
      await deps.rollups.rollUp({ fromMs: nowMs - rollupLookbackMs, toMs: nowMs });
      deps.metrics.timeSeriesMaintenance.inc({ step: 'rollup' });
      if (nowMs - lastRetentionMs < deps.retentionIntervalMs) return;
      await applyRetention(deps.rollups, deps.rules, nowMs);
      lastRetentionMs = nowMs;
      deps.metrics.timeSeriesMaintenance.inc({ step: 'retention' });
    },
    intervalMs: rollupIntervalMs,
    logger: deps.logger,
    failureMessage: 'rolling up or applying retention to the time series failed',
  });
}
