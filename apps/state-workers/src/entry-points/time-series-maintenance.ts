import { randomUUID } from 'node:crypto';
import type { Logger } from '@homeport/observability';
import type { TimeSeriesRollups } from '../domain/ports';
import {
  listRollupCuts,
  planRollupRound,
  type RollupCuts,
  type WrittenTimes,
} from '../domain/recent-rollups';
import type { LastRollupRound, RollupRounds } from '../domain/rollup-rounds';
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
 * How long a replica holds the round it took (`RollupRounds`' lease): a little under the interval, so its
 * own next round finds the lease expired despite timer drift, and the round of a replica killed while
 * holding it goes ahead the next minute. A round that outlives it (the lookback's catch-up on a large
 * fleet) may run beside another's: both are idempotent.
 */
export const rollupRoundLeaseMs = rollupIntervalMs - 5_000;

/**
 * Every minute, one replica's round (whichever takes the lease of `rounds`; the others skip that minute)
 * rolls up the buckets that ended since the last successful round (any replica's: its cuts are shared), and
 * again those of the late points written since (`written`, noted by the time-series writers of every
 * replica when shared); a point stored after the round that rolled up its bucket is a late point of the next
 * round. With no cuts yet, or only older than the lookback, a round rolls up the last hour. Every
 * `retentionIntervalMs`, the round applies the retention rules too. The late-points note is forgotten only
 * once its round succeeded, so a failed or killed round leaves it to the next; at `stop` the replica rolls up
 * the late points noted since the last round.
 */
export function createTimeSeriesMaintenance(deps: {
  readonly rollups: TimeSeriesRollups;
  readonly written: WrittenTimes;
  readonly rounds: RollupRounds;
  readonly rules: RetentionRules;
  readonly retentionIntervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  const holderId = randomUUID();
  // Aborted at stop: the round in progress and the last one go on without their pauses.
  const stopping = new AbortController();
  const rollUpSince = async (nowMs: number, previousCuts: RollupCuts | undefined) => {
    const earliestWrittenMs = await deps.written.take();
    const plan = planRollupRound({
      nowMs,
      previousCuts,
      earliestWrittenMs,
      lookbackMs: rollupLookbackMs,
      arrivalMarginMs: rollupArrivalMarginMs,
    });
    for (const range of plan.ranges) await deps.rollups.rollUp(range, stopping.signal);
    if (earliestWrittenMs !== undefined) await deps.written.forget(earliestWrittenMs);
    return plan.cuts;
  };
  const runRound = async (nowMs: number, last: LastRollupRound) => {
    const cuts = await rollUpSince(nowMs, last.cuts);
    deps.metrics.timeSeriesMaintenance.inc({ step: 'rollup' });
    const isRetentionDue = nowMs - (last.retainedAtMs ?? 0) >= deps.retentionIntervalMs;
    // Recorded before the retention: a failing retention does not make the next rounds roll up again.
    await deps.rounds.record({ cuts, retainedAtMs: last.retainedAtMs });
    if (!isRetentionDue) return;
    await applyRetention(deps.rollups, deps.rules, nowMs);
    await deps.rounds.record({ cuts, retainedAtMs: nowMs });
    deps.metrics.timeSeriesMaintenance.inc({ step: 'retention' });
  };
  const task = createPeriodicTask({
    async round() {
      const nowMs = Date.now();
      const last = await deps.rounds.claim(holderId);
      if (last === undefined) {
        deps.metrics.timeSeriesMaintenance.inc({ step: 'skipped' });
        return false;
      }
      try {
        await runRound(nowMs, last);
      } catch (error) {
        // The next round (any replica's) need not wait for the lease to expire; if Redis is away, it expires.
        await deps.rounds.release(holderId).catch(() => undefined);
        throw error;
      }
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
      stopping.abort();
      await task.stop();
      // The late points written since the last round only: the buckets ended since are the next round's.
      const nowMs = Date.now();
      await rollUpSince(nowMs, listRollupCuts(nowMs, rollupArrivalMarginMs)).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'rolling up the late points at stop failed');
      });
    },
  };
}
