import { createCounter, type Counter, type Registry } from '@homeport/observability';

/** What analytics counts, served by /metrics. */
export interface AnalyticsMetrics {
  /** Events recorded as facts (a duplicate included: it is written again as nothing), by message type. */
  readonly events: Counter<'type'>;
  /** Events whose recording failed (retried, then dead-lettered), by message type. */
  readonly failures: Counter<'type'>;
  /** Daily reports generated, by trigger (schedule, demand). */
  readonly reports: Counter<'trigger'>;
  /** Schedule rounds that failed. */
  readonly backgroundFailures: Counter<'task'>;
  /** Vendor-days of message and presence facts rolled up (their raw rows then deleted). */
  readonly messageDaysRolledUp: Counter;
  /** Raw message facts deleted once rolled up. */
  readonly messageFactsDeleted: Counter;
  /** Raw presence facts deleted once rolled up. */
  readonly presenceFactsDeleted: Counter;
}

/** Registers the metrics of analytics in the service's registry. */
export function createAnalyticsMetrics(registry: Registry): AnalyticsMetrics {
  return {
    events: createCounter(registry, {
      name: 'analytics_events_total',
      help: 'Events recorded as facts, by message type',
      labelNames: ['type'],
    }),
    failures: createCounter(registry, {
      name: 'analytics_event_failures_total',
      help: 'Events whose recording failed (retried, then dead-lettered), by message type',
      labelNames: ['type'],
    }),
    reports: createCounter(registry, {
      name: 'analytics_reports_generated_total',
      help: 'Daily reports generated, by trigger',
      labelNames: ['trigger'],
    }),
    backgroundFailures: createCounter(registry, {
      name: 'analytics_background_failures_total',
      help: 'Background rounds that failed, by task',
      labelNames: ['task'],
    }),
    messageDaysRolledUp: createCounter(registry, {
      name: 'analytics_message_days_rolled_up_total',
      help: 'Vendor-days of message and presence facts rolled up',
    }),
    messageFactsDeleted: createCounter(registry, {
      name: 'analytics_message_facts_deleted_total',
      help: 'Raw message facts deleted once rolled up',
    }),
    presenceFactsDeleted: createCounter(registry, {
      name: 'analytics_presence_facts_deleted_total',
      help: 'Raw presence facts deleted once rolled up',
    }),
  };
}
