import {
  createCounter,
  createHistogram,
  type Counter,
  type Histogram,
  type Registry,
} from '@homeport/observability';

/** What notifications counts, served by /metrics. */
export interface NotificationsMetrics {
  /** Queue messages handled, by message type and outcome (queued, duplicate, no-channel, saved, forgotten). */
  readonly requests: Counter<'type' | 'outcome'>;
  /** Queue messages refused (dead-lettered), by message type and error code (RECIPIENT_UNKNOWN, ...). */
  readonly deadLetters: Counter<'type' | 'code'>;
  /** Rows handled by the dispatcher, by channel, provider and outcome (delivered, transient, permanent, suppressed, deferred). */
  readonly deliveries: Counter<'channel' | 'provider' | 'outcome'>;
  /** Seconds a provider took to answer one message. */
  readonly sendSeconds: Histogram<'channel' | 'provider'>;
  /** Times a provider's circuit opened. */
  readonly circuitOpened: Counter<'provider'>;
  /** Outbox steps that failed (the database away); the rows are taken again once their lease runs out. */
  readonly storeErrors: Counter;
  /** Webhook endpoints disabled after sustained failure or a 410 Gone. */
  readonly webhookEndpointsDisabled: Counter;
}

/** Registers the metrics of notifications in the service's registry. */
export function createNotificationsMetrics(registry: Registry): NotificationsMetrics {
  return {
    requests: createCounter(registry, {
      name: 'notifications_requests_total',
      help: 'Queue messages handled, by type and outcome',
      labelNames: ['type', 'outcome'],
    }),
    deadLetters: createCounter(registry, {
      name: 'notifications_dead_letters_total',
      help: 'Queue messages dead-lettered by the service, by type and error code',
      labelNames: ['type', 'code'],
    }),
    deliveries: createCounter(registry, {
      name: 'notifications_deliveries_total',
      help: 'Outbox rows handled, by channel, provider and outcome',
      labelNames: ['channel', 'provider', 'outcome'],
    }),
    sendSeconds: createHistogram(registry, {
      name: 'notifications_send_seconds',
      help: 'Time a provider took to answer one message, by channel and provider',
      labelNames: ['channel', 'provider'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    circuitOpened: createCounter(registry, {
      name: 'notifications_circuit_opened_total',
      help: "Times a provider's circuit breaker opened",
      labelNames: ['provider'],
    }),
    storeErrors: createCounter(registry, {
      name: 'notifications_store_errors_total',
      help: 'Outbox steps that failed (rows are taken again after their lease)',
    }),
    webhookEndpointsDisabled: createCounter(registry, {
      name: 'notifications_webhook_endpoints_disabled_total',
      help: 'Webhook endpoints disabled after sustained failure or a 410 Gone',
    }),
  };
}
