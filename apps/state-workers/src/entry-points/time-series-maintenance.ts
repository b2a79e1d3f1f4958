import type { Logger } from '@homeport/observability';
import type { TimeSeriesRollups } from '../domain/ports';
import { applyRetention, type RetentionRules } from '../domain/time-series-retention';
import type { StateWorkersMetrics } from '../metrics';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';

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
export function createTimeSeriesMaintenance(deps: {
  readonly rollups: TimeSeriesRollups;
  readonly rules: RetentionRules;
  readonly retentionIntervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  let lastRetentionMs = 0;
  return createPeriodicTask({
    async round() {
      const nowMs = Date.now();
      await deps.rollups.rollUp({ fromMs: nowMs - rollupLookbackMs, toMs: nowMs });
      deps.metrics.timeSeriesMaintenance.inc({ step: 'rollup' });
      if (nowMs - lastRetentionMs < deps.retentionIntervalMs) return false;
      await applyRetention(deps.rollups, deps.rules, nowMs);
      lastRetentionMs = nowMs;
      deps.metrics.timeSeriesMaintenance.inc({ step: 'retention' });
      return false;
    },
    intervalMs: rollupIntervalMs,
    // Not at start: a deployment restarting every replica would run the retention's deletes all at once.
    delayFirstRound: true,
    onFailure: (error) => {
      deps.logger.warn({ err: error }, 'rolling up or applying retention to the time series failed');
    },
  });
}
