import { createCounter, type Counter, type Registry } from '@homeport/observability';

/** What geofencing counts, served by /metrics. */
export interface GeofencingMetrics {
  /** Fixes evaluated, by outcome (applied, ignored). */
  readonly fixes: Counter<'outcome'>;
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
      help: 'Location fixes evaluated against a home zone, by outcome',
      labelNames: ['outcome'],
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
