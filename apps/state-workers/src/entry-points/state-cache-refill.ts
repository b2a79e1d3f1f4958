import { randomUUID } from 'node:crypto';
import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import type { DeviceStateCache, DeviceStateStore } from '../domain/ports';
import { createRefillDeviceStateCache } from '../domain/refill-device-state-cache';
import type { StateWorkersMetrics } from '../metrics';

/** Devices a refill reads and writes at a time: one PostgreSQL page, written to the cache at once. */
export const stateCacheRefillPageRows = 500;

/**
 * How long a replica holds the refill without renewing it (it renews after each page, well under a second):
 * the refill of a replica killed while holding it goes ahead this long after, at the next check.
 */
export const stateCacheRefillLeaseMs = 60_000;

/**
 * At start (in the background) and every `checkIntervalMs`, refills the cache of current states from
 * PostgreSQL when it is not filled: at the first start on a cache (the embedded mode's memory after every
 * start), and whenever it lost its data (Redis restarted without persistence: its fill marker is gone).
 * One replica refills at a time (whichever claims it; the others find it claimed, then filled). A refill
 * interrupted because the cache lost its data again starts over at once; a failure is logged, counted and
 * tried again at the next check.
 */
export function createStateCacheRefill(deps: {
  readonly store: DeviceStateStore;
  readonly cache: DeviceStateCache;
  readonly checkIntervalMs: number;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
  readonly pageRows?: number;
}): PeriodicTask {
  const { metrics, logger } = deps;
  const holderId = randomUUID();
  const stopping = new AbortController();
  const refill = createRefillDeviceStateCache({
    store: deps.store,
    cache: deps.cache,
    leaseMs: stateCacheRefillLeaseMs,
    pageRows: deps.pageRows ?? stateCacheRefillPageRows,
    onPageWritten: (storedRows) => {
      metrics.stateCacheRefillRows.inc(storedRows);
    },
  });
  const task = createPeriodicTask({
    async round() {
      const outcome = await refill(holderId, stopping.signal);
      if (outcome === 'skipped') return false;
      metrics.stateCacheRefills.inc({ outcome });
      logger.info({ outcome }, 'refill of the state cache from PostgreSQL ended');
      return outcome === 'interrupted';
    },
    intervalMs: deps.checkIntervalMs,
    onFailure: (error) => {
      metrics.stateCacheRefills.inc({ outcome: 'failed' });
      logger.warn({ err: error }, 'refilling the state cache from PostgreSQL failed');
    },
  });
  return {
    ...task,
    async stop() {
      stopping.abort();
      await task.stop();
    },
  };
}
