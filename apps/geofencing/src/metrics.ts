import {
  createCounter,
  createHistogram,
  type Counter,
  type Histogram,
  type Registry,
} from '@homeport/observability';

/** What geofencing counts, served by /metrics. */
export interface GeofencingMetrics {
  /** Fixes evaluated, by outcome (applied, ignored). */
  readonly fixes: Counter<'outcome'>;
  /** From public-api accepting a batch (its receivedAt) to its evaluation committed, seconds. */
  readonly fixLag: Histogram;
  /** Batches refused (dead-lettered), by error code. */
  readonly deadLetters: Counter<'code'>;
  /** Events put in the outbox, and published from it. */
  readonly eventsRecorded: Counter;
  readonly eventsPublished: Counter;
  /** Background rounds that failed (outbox relay, stale sweep), by task. */
  readonly backgroundFailures: Counter<'task'>;
  /** Automation runs ended (succeeded, failed) or put off for a retry (retried). */
  readonly automationRuns: Counter<'outcome'>;
}

/** Registers the metrics of geofencing in the service's registry. */
export function createGeofencingMetrics(registry: Registry): GeofencingMetrics {
  return {
    fixes: createCounter(registry, {
      name: 'geofencing_fixes_total',
      help: "Location fixes evaluated against a zone (a home's, a user's own), by outcome",
      labelNames: ['outcome'],
    }),
    fixLag: createHistogram(registry, {
      name: 'geofencing_fix_lag_seconds',
      help: 'From public-api accepting a batch of fixes to its evaluation committed',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    deadLetters: createCounter(registry, {
      name: 'geofencing_dead_letters_total',
      help: 'Fix batches dead-lettered by the service, by error code',
      labelNames: ['code'],
    }),
    eventsRecorded: createCounter(registry, {
      name: 'geofencing_events_recorded_total',
      help: 'Presence events written to the outbox',
    }),
    eventsPublished: createCounter(registry, {
      name: 'geofencing_events_published_total',
      help: 'Presence events published from the outbox',
    }),
    backgroundFailures: createCounter(registry, {
      name: 'geofencing_background_failures_total',
      help: 'Background rounds that failed, by task',
      labelNames: ['task'],
    }),
    automationRuns: createCounter(registry, {
      name: 'geofencing_automation_runs_total',
      help: 'Automation run attempts, by outcome (succeeded, failed, retried)',
      labelNames: ['outcome'],
    }),
  };
}
