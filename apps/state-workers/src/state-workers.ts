import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type {
  DeviceStateCache,
  DeviceStateStore,
  EventPublisher,
  TimeSeriesRollups,
  TimeSeriesWriter,
} from './domain/ports';
import { createForgetDevice, createStartOrderEpoch } from './domain/device-lifecycle';
import type { WrittenTimes } from './domain/recent-rollups';
import type { RollupRounds } from './domain/rollup-rounds';
import { createRecordReportedState } from './domain/record-reported-state';
import { createRecordDeviceEvent, createRecordTelemetry } from './domain/record-time-series';
import { startDeviceMessagesConsumer } from './entry-points/device-messages.consumer';
import { createStateCacheRefill } from './entry-points/state-cache-refill';
import { createStateChangePruner } from './entry-points/state-change-pruner';
import { createTimeSeriesMaintenance } from './entry-points/time-series-maintenance';
import type { RetentionRules } from './domain/time-series-retention';
import type { StateWorkersMetrics } from './metrics';
import { timeReportedStages } from './reported-stage-timing';

/** The implementations state-workers run on: RabbitMQ/PostgreSQL/Redis/InfluxDB, or embedded ones. */
export interface StateWorkersAdapters {
  readonly bus: MessageBus;
  readonly stateStore: DeviceStateStore;
  readonly stateCache: DeviceStateCache;
  readonly timeSeries: TimeSeriesWriter;
  readonly timeSeriesRollups: TimeSeriesRollups;
  readonly events: EventPublisher;
}

/** How the consumer and the periodic jobs behave. */
export interface StateWorkersSettings {
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly maxMessageBytes: number;
  readonly stateChangeRetentionMs: number;
  /** How often the state cache is checked, and refilled from the store when it lost its data. */
  readonly stateCacheCheckMs: number;
  readonly retentionRules: RetentionRules;
  readonly retentionIntervalMs: number;
}

/** The service's domain and entry points over given adapters (no connections of its own). */
export interface StateWorkers {
  /**
   * Starts consuming the ingest queue, pruning change records, maintaining the time series and refilling
   * the state cache (its first check now, beside the consumer).
   */
  start(): Promise<void>;
  /** Stops taking messages, waits for those in flight, stops the periodic jobs. */
  stop(): Promise<void>;
}

/** Wires the use cases to the adapters and the entry points to the use cases. */
export function createStateWorkers(deps: {
  readonly adapters: StateWorkersAdapters;
  /** Where `adapters.timeSeries` notes the times it wrote: the maintenance rolls those buckets up again. */
  readonly written: WrittenTimes;
  /** Which replica runs each minute's rollup round, and where the last one ended. */
  readonly rollupRounds: RollupRounds;
  readonly settings: StateWorkersSettings;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): StateWorkers {
  const { adapters, written, settings, metrics, logger } = deps;
  const reportedPath = timeReportedStages(
    {
      store: adapters.stateStore,
      cache: adapters.stateCache,
      events: adapters.events,
      history: adapters.timeSeries,
    },
    metrics,
  );
  const useCases = {
    recordReportedState: createRecordReportedState(reportedPath),
    recordTelemetry: createRecordTelemetry({ timeSeries: adapters.timeSeries, events: adapters.events }),
    recordDeviceEvent: createRecordDeviceEvent({ timeSeries: adapters.timeSeries }),
    forgetDevice: createForgetDevice({ store: adapters.stateStore, cache: adapters.stateCache }),
    startOrderEpoch: createStartOrderEpoch({ store: adapters.stateStore }),
  };
  let consumer: Consumer | undefined;
  const jobs = [
    createStateChangePruner({
      store: adapters.stateStore,
      retentionMs: settings.stateChangeRetentionMs,
      intervalMs: Math.min(settings.stateChangeRetentionMs / 4, 60_000),
      metrics,
      logger,
    }),
    createTimeSeriesMaintenance({
      rollups: adapters.timeSeriesRollups,
      written,
      rounds: deps.rollupRounds,
      rules: settings.retentionRules,
      retentionIntervalMs: settings.retentionIntervalMs,
      metrics,
      logger,
    }),
    createStateCacheRefill({
      store: adapters.stateStore,
      cache: adapters.stateCache,
      checkIntervalMs: settings.stateCacheCheckMs,
      metrics,
      logger,
    }),
  ];
  return {
    async start() {
      // The refill's first check runs now, in the background; the others' first rounds an interval after.
      for (const job of jobs) void job.start();
      consumer = await startDeviceMessagesConsumer({
        bus: adapters.bus,
        useCases,
        metrics,
        logger,
        options: {
          prefetch: settings.prefetch,
          retryDelaysMs: settings.retryDelaysMs,
          maxPayloadBytes: settings.maxMessageBytes,
        },
      });
    },
    async stop() {
      await consumer?.close();
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}
