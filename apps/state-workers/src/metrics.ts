import {
  createCounter,
  createHistogram,
  type Counter,
  type Histogram,
  type Registry,
} from '@homeport/observability';
import type { BatchReport } from './adapters/batching-time-series-writer';

/** What state-workers count, served by /metrics. */
export interface StateWorkersMetrics {
  /** Messages handled, by message type and outcome (changed, unchanged, replayed, stale, recorded). */
  readonly messages: Counter<'type' | 'outcome'>;
  /** Handler failures, by message type and error kind (`bug` for a non-AppError). */
  readonly failures: Counter<'type' | 'kind'>;
  /** Time-series batches written, by result (ok, failed). */
  readonly timeSeriesBatches: Counter<'result'>;
  /** Points per time-series batch. */
  readonly timeSeriesBatchPoints: Histogram;
  /** Change records deleted after their retention. */
  readonly stateChangesPruned: Counter;
  /** Time-series maintenance runs done, by step (rollup, retention). */
  readonly timeSeriesMaintenance: Counter<'step'>;
  /** Refills of the state cache from PostgreSQL, by outcome (completed, interrupted, failed). */
  readonly stateCacheRefills: Counter<'outcome'>;
  /** Devices a refill stored in the state cache (a state or a tombstone; not those it held newer). */
  readonly stateCacheRefillRows: Counter;
  /** Seconds from fan-out's receipt of a message until it was handled (stored, event published). */
  readonly pipelineLatency: Histogram<'type'>;
  /** Seconds from the device's own timestamp (`ts`) until handled: end to end, device clock included. */
  readonly deviceLatency: Histogram<'type'>;
  /**
   * Seconds a reported message spends in each stage of its path, one after the other: `wait` (fan-out's
   * receipt until its handler starts), `merge` (PostgreSQL, batched), `cache` (Redis), `publish` (until the
   * state-changed event's confirm), `history` (the history point, batched).
   */
  readonly reportedStages: Histogram<'stage'>;
}

const latencyBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30,
];

// Stages take from under a millisecond (a cache write on an idle machine) to the batches' waits.
const stageBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Registers the metrics of state-workers in the service's registry. */
export function createStateWorkersMetrics(registry: Registry): StateWorkersMetrics {
  return {
    messages: createCounter(registry, {
      name: 'state_workers_messages_total',
      help: 'Device messages handled, by type and outcome',
      labelNames: ['type', 'outcome'],
    }),
    failures: createCounter(registry, {
      name: 'state_workers_message_failures_total',
      help: 'Device messages whose handling failed (retried or dead-lettered), by type and error kind',
      labelNames: ['type', 'kind'],
    }),
    timeSeriesBatches: createCounter(registry, {
      name: 'state_workers_time_series_batches_total',
      help: 'Batches written to the time series, by result',
      labelNames: ['result'],
    }),
    timeSeriesBatchPoints: createHistogram(registry, {
      name: 'state_workers_time_series_batch_points',
      help: 'Points per time-series batch',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
    }),
    stateChangesPruned: createCounter(registry, {
      name: 'state_workers_state_changes_pruned_total',
      help: 'State change records deleted after their retention',
    }),
    timeSeriesMaintenance: createCounter(registry, {
      name: 'state_workers_time_series_maintenance_total',
      help: 'Time-series rollup and retention runs done, by step (skipped: another replica had the round)',
      labelNames: ['step'],
    }),
    stateCacheRefills: createCounter(registry, {
      name: 'state_workers_state_cache_refills_total',
      help: 'Refills of the state cache from PostgreSQL (after a start or a loss of its data), by outcome',
      labelNames: ['outcome'],
    }),
    stateCacheRefillRows: createCounter(registry, {
      name: 'state_workers_state_cache_refill_rows_total',
      help: 'Devices a refill stored in the state cache (a state or a tombstone), not those it held newer',
    }),
    pipelineLatency: createHistogram(registry, {
      name: 'state_workers_pipeline_latency_seconds',
      help: "From fan-out's receipt of a device message until it was stored and its event published, by type",
      labelNames: ['type'],
      buckets: latencyBuckets,
    }),
    deviceLatency: createHistogram(registry, {
      name: 'state_workers_device_latency_seconds',
      help: "From the device's timestamp (ts) until its message was stored and its event published, by type",
      labelNames: ['type'],
      buckets: latencyBuckets,
    }),
    reportedStages: createHistogram(registry, {
      name: 'state_workers_reported_stage_seconds',
      help: 'Time a reported message spends in each stage of its handling (wait, merge, cache, publish, history)',
      labelNames: ['stage'],
      buckets: stageBuckets,
    }),
  };
}

/** Counts one time-series batch. */
export function countTimeSeriesBatch(metrics: StateWorkersMetrics, report: BatchReport): void {
  metrics.timeSeriesBatches.inc({ result: report.ok ? 'ok' : 'failed' });
  metrics.timeSeriesBatchPoints.observe(report.points);
}
