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
}

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
  };
}

/** Counts one time-series batch. */
export function countTimeSeriesBatch(metrics: StateWorkersMetrics, report: BatchReport): void {
  metrics.timeSeriesBatches.inc({ result: report.ok ? 'ok' : 'failed' });
  metrics.timeSeriesBatchPoints.observe(report.points);
}
