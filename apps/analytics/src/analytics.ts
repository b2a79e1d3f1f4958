import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import { createFleetAnalytics, type FleetAnalytics } from './domain/fleet-analytics';
import { createFactRetention } from './domain/fact-retention';
import type { FactStore, FactRollups, MetricQueries, ReportKind, ReportStore } from './domain/ports';
import { startEventsConsumer } from './entry-points/events.consumer';
import { createFactRetentionTimer } from './entry-points/timers/fact-retention';
import { createReportSchedule } from './entry-points/timers/report-schedule';
import type { AnalyticsMetrics } from './metrics';

/** The implementations analytics runs on (RabbitMQ or the in-process bus; a PostgreSQL server or the embedded one). */
export interface AnalyticsAdapters {
  readonly bus: MessageBus;
  readonly facts: FactStore;
  readonly queries: MetricQueries;
  readonly reports: Readonly<Record<ReportKind, ReportStore>>;
  readonly rollups: FactRollups;
}

/** How the consumer, the report schedule and the retention of message and presence facts behave. */
export interface AnalyticsSettings {
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly reportIntervalMs: number;
  readonly reportBatchSize: number;
  readonly factRetentionDays: number;
  readonly factRollupIntervalMs: number;
  readonly factDeleteBatchSize: number;
  /** The clock of reports, current values and the retention of message and presence facts (default Date.now). */
  readonly now?: () => number;
}

/** The service's domain and entry points over given adapters (no connections of its own). */
export interface Analytics {
  /** The use cases the internal HTTP API serves. */
  readonly fleet: FleetAnalytics;
  /** Starts the consumer, then the report schedule and the retention of message and presence facts. */
  start(): Promise<void>;
  /** Stops the retention and the schedule, then the consumer (waiting for events in flight). */
  stop(): Promise<void>;
}

/** Wires the use cases to the adapters and the entry points to the use cases. */
export function createAnalytics(deps: {
  readonly adapters: AnalyticsAdapters;
  readonly settings: AnalyticsSettings;
  readonly metrics: AnalyticsMetrics;
  readonly logger: Logger;
}): Analytics {
  const { adapters, settings, metrics, logger } = deps;
  const now = settings.now ?? Date.now;
  const fleet = createFleetAnalytics({ queries: adapters.queries, reports: adapters.reports, now });
  const schedule = createReportSchedule({
    analytics: fleet,
    intervalMs: settings.reportIntervalMs,
    batchSize: settings.reportBatchSize,
    metrics,
    logger,
  });
  const retention = createFactRetentionTimer({
    retention: createFactRetention({
      rollups: adapters.rollups,
      retentionDays: settings.factRetentionDays,
      deleteBatchSize: settings.factDeleteBatchSize,
      now,
    }),
    intervalMs: settings.factRollupIntervalMs,
    metrics,
    logger,
  });
  let consumer: Consumer | undefined;
  return {
    fleet,
    async start() {
      consumer = await startEventsConsumer({
        bus: adapters.bus,
        facts: adapters.facts,
        metrics,
        logger,
        options: { prefetch: settings.prefetch, retryDelaysMs: settings.retryDelaysMs },
      });
      void schedule.start();
      void retention.start();
    },
    async stop() {
      await retention.stop();
      await schedule.stop();
      await consumer?.close();
    },
  };
}
