import type { Logger } from '@homeport/observability';
import type { DeviceStateStore } from '../domain/ports';
import type { StateWorkersMetrics } from '../metrics';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';

/**
 * Deletes state change records older than `retentionMs` every `intervalMs`. They only serve a message
 * redelivered after a crash (seconds to minutes later), so the retention bounds the table. Every replica
 * runs it; the deletes are idempotent. A failure is logged and tried again next time.
 */
export function createStateChangePruner(deps: {
  readonly store: DeviceStateStore;
  readonly retentionMs: number;
  readonly intervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): PeriodicTask {
  return createPeriodicTask({
    async round() {
      const deleted = await deps.store.pruneChanges(new Date(Date.now() - deps.retentionMs));
      deps.metrics.stateChangesPruned.inc(deleted);
      return false;
    },
    intervalMs: deps.intervalMs,
    delayFirstRound: true,
    onFailure: (error) => {
      deps.logger.warn({ err: error }, 'pruning state change records failed');
    },
  });
}
