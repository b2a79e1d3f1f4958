import {
  createCounter,
  createGauge,
  createHistogram,
  type Counter,
  type Gauge,
  type Histogram,
  type Registry,
} from '@homeport/observability';

/** What alerts counts, served by /metrics. */
export interface AlertsMetrics {
  /** Device events evaluated, by message type. */
  readonly events: Counter<'type'>;
  /** Device events whose evaluation failed (retried, then dead-lettered), by message type. */
  readonly evaluationFailures: Counter<'type'>;
  /** Seconds one event's evaluation took (its device lookup and transitions included). */
  readonly evaluationSeconds: Histogram;
  /**
   * Seconds from the event's own time (when fan-out received the report, else the device's report time; the
   * telemetry's, the presence change's, the event's receipt) until its evaluation ended: the service's lag.
   */
  readonly eventAgeSeconds: Histogram;
  /** Alerts fired by the sweep (due `for` durations, offline time, no data). */
  readonly sweepFired: Counter;
  /** Alert events published from the outbox, by message type. */
  readonly published: Counter<'type'>;
  /** Enabled rules in this replica's index. */
  readonly rules: Gauge;
  /** Background rounds that failed (sweep, outbox relay, rule reload). */
  readonly backgroundFailures: Counter<'task'>;
}

/** Registers the metrics of alerts in the service's registry. */
export function createAlertsMetrics(registry: Registry): AlertsMetrics {
  return {
    events: createCounter(registry, {
      name: 'alerts_events_total',
      help: 'Device events evaluated, by message type',
      labelNames: ['type'],
    }),
    evaluationFailures: createCounter(registry, {
      name: 'alerts_evaluation_failures_total',
      help: 'Device events whose evaluation failed (retried, then dead-lettered), by message type',
      labelNames: ['type'],
    }),
    evaluationSeconds: createHistogram(registry, {
      name: 'alerts_evaluation_seconds',
      help: "Time one event's evaluation took",
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    }),
    eventAgeSeconds: createHistogram(registry, {
      name: 'alerts_event_age_seconds',
      help: "From the event's time (receipt by the platform) until its evaluation ended",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    sweepFired: createCounter(registry, {
      name: 'alerts_sweep_fired_total',
      help: 'Alerts fired by the sweep (for durations, offline time, no data)',
    }),
    published: createCounter(registry, {
      name: 'alerts_events_published_total',
      help: 'Alert events published from the outbox, by type',
      labelNames: ['type'],
    }),
    rules: createGauge(registry, { name: 'alerts_rules', help: "Enabled rules in this replica's index" }),
    backgroundFailures: createCounter(registry, {
      name: 'alerts_background_failures_total',
      help: 'Background rounds that failed, by task',
      labelNames: ['task'],
    }),
  };
}
