import type { Logger } from '@homeport/observability';
import type { TimeSeriesRollups } from '../domain/ports';
import {
  listRollupCuts,
  planRollupRound,
  type RollupCuts,
  type WrittenTimes,
} from '../domain/recent-rollups';
import { applyRetention, type RetentionRules } from '../domain/time-series-retention';
import type { StateWorkersMetrics } from '../metrics';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';

/**
 * How often the rollups are brought up to date: well within contracts' `rollupSettleMs`, after which
 * readers trust the rollups of a time.
 */
export const rollupIntervalMs = 60_000;

/**
 * How far back a late point still reaches the rollups by itself: points arriving later than this after
 * their time (a device that was offline for longer) reach them only through a backfill (`rollUpRange`).
 */
export const rollupLookbackMs = 60 * 60_000;

/**
 * How long after a bucket ended a round first rolls it up: the points of its last seconds are on their way
 * to the store meanwhile, so it is rarely rolled up twice. A bucket ending at E is rolled up by
 * E + margin + interval (+ the round's own time), well before readers trust it at E + `rollupSettleMs`.
 */
export const rollupArrivalMarginMs = 30_000;

/**
 * Every minute, rolls up the buckets that ended since the last round, and again those of the late points
 * written since (`written`, noted by the time-series writers, of every replica when shared); a point stored
 * after the round that rolled up its bucket is a late point of the next round. A round knows nothing at the
 * start or after a failure, and then rolls up the last hour. Every `retentionIntervalMs`, applies the
 * retention rules. Every replica runs it: both steps are idempotent, and whichever round takes the note of
 * late points rolls them up (at `stop` too, for those noted since its last round).
 */
export function createTimeSeriesMaintenance(deps: {
  readonly rollups: TimeSeriesRollups;
  readonly written: WrittenTimes;
  readonly rules: RetentionRules;
  readonly retentionIntervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  let lastRetentionMs = 0;
  let cuts: RollupCuts | undefined;
  const rollUpSince = async (nowMs: number, previousCuts: RollupCuts | undefined) => {
    const plan = planRollupRound({
      nowMs,
      previousCuts,
      earliestWrittenMs: await deps.written.take(),
      lookbackMs: rollupLookbackMs,
      arrivalMarginMs: rollupArrivalMarginMs,
    });
    for (const range of plan.ranges) await deps.rollups.rollUp(range);
    return plan.cuts;
  };
  const task = createPeriodicTask({
    async round() {
      const nowMs = Date.now();
      const previousCuts = cuts;
      // Forgotten until the round succeeds: after a failed one, the next rolls up the whole hour.
      cuts = undefined;
      cuts = await rollUpSince(nowMs, previousCuts);
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
  return {
    ...task,
    async stop() {
      await task.stop();
      // The late points written since the last round; not the whole hour when no round ran yet.
      const nowMs = Date.now();
      await rollUpSince(nowMs, cuts ?? listRollupCuts(nowMs, rollupArrivalMarginMs)).catch(
        (error: unknown) => {
          deps.logger.warn({ err: error }, 'rolling up the late points at stop failed');
        },
      );
    },
  };
}
