import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { DeviceStateCache, DeviceStateStore, EventPublisher, TimeSeriesWriter } from './domain/ports';
import { createForgetDevice, createStartOrderEpoch } from './domain/device-lifecycle';
import { createRecordReportedState } from './domain/record-reported-state';
import { withStateHistory } from './domain/record-state-history';
import { createRecordDeviceEvent, createRecordTelemetry } from './domain/record-time-series';
import { startDeviceMessagesConsumer } from './entry-points/device-messages.consumer';
import { startStateChangePruner, type PeriodicJob } from './entry-points/state-change-pruner';
import type { StateWorkersMetrics } from './metrics';

/** The implementations state-workers run on: RabbitMQ/PostgreSQL/Redis/InfluxDB, or embedded ones. */
export interface StateWorkersAdapters {
  readonly bus: MessageBus;
  readonly stateStore: DeviceStateStore;
  readonly stateCache: DeviceStateCache;
  readonly timeSeries: TimeSeriesWriter;
  readonly events: EventPublisher;
}

/** How the consumer and the pruner behave. */
export interface StateWorkersSettings {
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly maxMessageBytes: number;
  readonly stateChangeRetentionMs: number;
}

/** The service's domain and entry points over given adapters (no connections of its own). */
export interface StateWorkers {
  /** Starts consuming the ingest queue and pruning change records. */
  start(): Promise<void>;
  /** Stops taking messages, waits for those in flight, stops pruning. */
  stop(): Promise<void>;
}

/** Wires the use cases to the adapters and the entry points to the use cases. */
export function createStateWorkers(deps: {
  readonly adapters: StateWorkersAdapters;
  readonly settings: StateWorkersSettings;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
}): StateWorkers {
  const { adapters, settings, metrics, logger } = deps;
  const useCases = {
    recordReportedState: withStateHistory(
      createRecordReportedState({
        store: adapters.stateStore,
        cache: adapters.stateCache,
        events: adapters.events,
      }),
      adapters.timeSeries,
    ),
    recordTelemetry: createRecordTelemetry({ timeSeries: adapters.timeSeries, events: adapters.events }),
    recordDeviceEvent: createRecordDeviceEvent({ timeSeries: adapters.timeSeries }),
    forgetDevice: createForgetDevice({ store: adapters.stateStore, cache: adapters.stateCache }),
    startOrderEpoch: createStartOrderEpoch({ store: adapters.stateStore }),
  };
  let consumer: Consumer | undefined;
  let pruner: PeriodicJob | undefined;
  return {
    async start() {
      pruner = startStateChangePruner({
        store: adapters.stateStore,
        retentionMs: settings.stateChangeRetentionMs,
        intervalMs: Math.min(settings.stateChangeRetentionMs / 4, 60_000),
        metrics,
        logger,
      });
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
      await pruner?.stop();
    },
  };
}
