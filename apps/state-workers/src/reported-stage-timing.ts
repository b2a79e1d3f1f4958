import type { DeviceStateCache, DeviceStateStore, EventPublisher, TimeSeriesWriter } from './domain/ports';
import type { StateWorkersMetrics } from './metrics';

/** The ports a reported message goes through, whose calls are timed. */
export interface ReportedPathPorts {
  readonly store: DeviceStateStore;
  readonly cache: DeviceStateCache;
  readonly events: EventPublisher;
  /** The writer of the reported-state history (the telemetry's own writes are not timed). */
  readonly history: TimeSeriesWriter;
}

type Stage = 'merge' | 'cache' | 'publish' | 'history';

/**
 * The same ports, each call of the reported path observed in `reportedStages` by its stage, so /metrics
 * (and the bench) show which stage a slow report waited in. Two `performance.now()` and one observation a
 * stage; the other calls go through untouched.
 */
export function timeReportedStages(
  ports: ReportedPathPorts,
  metrics: StateWorkersMetrics,
): ReportedPathPorts {
  const timed = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    const startedMs = performance.now();
    try {
      return await work();
    } finally {
      metrics.reportedStages.observe({ stage }, (performance.now() - startedMs) / 1000);
    }
  };
  const { store, cache, events, history } = ports;
  return {
    store: { ...store, mergeReported: (update) => timed('merge', () => store.mergeReported(update)) },
    cache: { ...cache, write: (state) => timed('cache', () => cache.write(state)) },
    events: {
      publishStateChanged: (event, eventId) =>
        timed('publish', () => events.publishStateChanged(event, eventId)),
      publishTelemetryRecorded: (event, eventId) => events.publishTelemetryRecorded(event, eventId),
    },
    history: { write: (points) => timed('history', () => history.write(points)) },
  };
}
