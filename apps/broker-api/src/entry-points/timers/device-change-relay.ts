import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import { relayOutboxRound, type OutboxEntry, type OutboxStore } from '@homeport/storage';
import type { MqttMetrics } from '../mqtt/mqtt-metrics';

/** Settings and dependencies of the device.changed relay. */
export interface DeviceChangeRelayDeps {
  readonly outbox: OutboxStore;
  readonly publish: (entry: OutboxEntry) => Promise<void>;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly metrics: MqttMetrics;
  readonly logger: Logger;
}

/**
 * Publishes the device.changed events of the outbox, oldest first, and deletes each once RabbitMQ confirmed it:
 * at once after a change committed one here (`trigger`), and every `intervalMs` for those of other replicas,
 * of a crash, or left while RabbitMQ was away. A full batch is followed by the next one at once.
 */
export function createDeviceChangeRelay(deps: DeviceChangeRelayDeps): PeriodicTask {
  return createPeriodicTask({
    intervalMs: deps.intervalMs,
    round: async () => {
      const round = await relayOutboxRound(deps);
      deps.metrics.deviceChangesPublished.inc(round.published);
      return round.full;
    },
    onFailure: (error) => {
      deps.metrics.backgroundFailures.inc({ task: 'device-change-relay' });
      deps.logger.warn({ err: error }, 'device.changed relay failed; the events wait for its next round');
    },
  });
}
