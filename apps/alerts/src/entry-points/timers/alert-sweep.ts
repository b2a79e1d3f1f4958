import type { Logger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { createLoggedTask } from './logged-task';
import type { DeviceActivity } from '../../domain/device-activity';
import type { Evaluator } from '../../domain/evaluator';
import type { AlertTransitions } from '../../domain/ports';
import type { AlertsMetrics } from '../../metrics';

/**
 * Every `intervalMs`, on every replica: stores when devices were last heard from, fires the pending alerts
 * that came due (a `for` duration or offline time ran out, also after a restart) and the no-data rules of
 * silent devices, settles the flapping rules that were quiet for their window, and trims the evaluator's
 * memory. What wrote events wakes the outbox relay.
 */
export function createAlertSweep(deps: {
  readonly transitions: AlertTransitions;
  readonly activity: DeviceActivity;
  readonly evaluator: Evaluator;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly onEventsWritten: () => void;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  const recordActivity = async () => {
    const seen = deps.activity.takeUnrecorded();
    try {
      await deps.transitions.recordActivity(seen);
    } catch (error) {
      deps.activity.restore(seen);
      throw error;
    }
  };
  return createLoggedTask('alert-sweep', deps, async () => {
    await recordActivity();
    const nowMs = deps.now();
    const fired = (await deps.transitions.fireDue(nowMs)) + (await deps.transitions.fireSilent(nowMs));
    const settled = await deps.transitions.settleFlapping(nowMs);
    deps.evaluator.prune();
    if (fired > 0) {
      deps.metrics.sweepFired.inc(fired);
    }
    if (fired + settled > 0) {
      deps.onEventsWritten();
    }
    return false;
  });
}
