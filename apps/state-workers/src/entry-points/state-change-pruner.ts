import type { Logger } from '@homeport/observability';
import type { DeviceStateStore } from '../domain/ports';
import type { StateWorkersMetrics } from '../metrics';

/** A running periodic job. */
export interface PeriodicJob {
  stop(): Promise<void>;
}

/**
 * Deletes state change records older than `retentionMs` every `intervalMs`. They only serve a message
 * redelivered after a crash (seconds to minutes later), so the retention bounds the table. Every replica
 * runs it; the deletes are idempotent. A failure is logged and tried again next time.
 */
export function startStateChangePruner(deps: {
  readonly store: DeviceStateStore;
  readonly retentionMs: number;
  readonly intervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): PeriodicJob {
  let running: Promise<void> | undefined;
  const prune = async (): Promise<void> => {
    try {
      const deleted = await deps.store.pruneChanges(new Date(Date.now() - deps.retentionMs));
      deps.metrics.stateChangesPruned.inc(deleted);
    } catch (error) {
      deps.logger.warn({ err: error }, 'pruning state change records failed');
    }
  };
  const timer = setInterval(() => {
    running ??= prune().finally(() => {
      running = undefined;
    });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
