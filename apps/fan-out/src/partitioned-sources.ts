import { buildPartitionClientId, partitionOf } from '@homeport/contracts';
import type { Logger } from '@homeport/observability';
import { startPartitionCoordinator } from './domain/partition-coordinator';
import type { PartitionLeases } from './domain/partition-leases';
import type {
  MqttConnectionSettings,
  MqttMessageHandler,
  MqttSource,
  SubscribeTimeoutHandler,
} from './entry-points/mqtt-source';
import { startMqttSource } from './entry-points/mqtt-source';
import type { FanOutMetrics } from './fan-out-metrics';

/** What the partitioned mode needs. */
export interface PartitionedSourcesOptions {
  readonly connection: MqttConnectionSettings;
  /** Partition k's session is `{clientIdBase}-p{k}of{P}` (MQTT_CLIENT_ID: brokers may require a prefix, e.g. `service:fan-out`). */
  readonly clientIdBase: string;
  readonly partitionCount: number;
  readonly leaseTtlMs: number;
  readonly graceMs: number;
  readonly filters: readonly string[];
  readonly leases: PartitionLeases;
  readonly replicaId: string;
  readonly handlerFor: (isOwnDevice: (vendorId: string, deviceId: string) => boolean) => MqttMessageHandler;
  readonly metrics: FanOutMetrics;
  readonly logger: Logger;
  readonly onError: (error: Error) => void;
  readonly onSubscribeTimeout: SubscribeTimeoutHandler;
  readonly onFatal: (error: unknown) => void;
}

/** The partitioned mode at work. */
export interface PartitionedSources {
  held(): number[];
  /** Rejects unless every held partition's session is connected and subscribed. */
  checkConnected(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Partitioned mode, for brokers without shared subscriptions (aedes): partition k is the persistent MQTT
 * session `{clientIdBase}-p{k}of{P}`, subscribed to every device topic, forwarding only the devices that hash to k and
 * acknowledging the others at once. A replica runs the sessions of the partitions whose Redis lease it holds;
 * when a replica dies its leases expire and another resumes those sessions, with what they had not acked.
 */
export function startPartitionedSources(options: PartitionedSourcesOptions): PartitionedSources {
  const { logger, partitionCount } = options;
  const sources = new Map<number, MqttSource>();
  // A partition restarted here must wait until its previous session has stopped (one client id, one client).
  const stopping = new Map<number, Promise<void>>();

  const start = (partition: number): void => {
    const previous = stopping.get(partition) ?? Promise.resolve();
    void previous
      .then(() => {
        if (!coordinator.held().includes(partition) || sources.has(partition)) return;
        logger.info({ partition }, 'partition acquired; resuming its MQTT session');
        sources.set(
          partition,
          startMqttSource({
            connection: options.connection,
            clientId: buildPartitionClientId({
              base: options.clientIdBase,
              index: partition,
              count: partitionCount,
            }),
            filters: options.filters,
            handle: options.handlerFor(
              (vendorId, deviceId) => partitionOf(vendorId, deviceId, partitionCount) === partition,
            ),
            onError: options.onError,
            onClose: () => {
              options.metrics.mqttDisconnects.inc();
            },
            onSubscribeTimeout: options.onSubscribeTimeout,
            onFatal: options.onFatal,
          }),
        );
        options.metrics.partitionsHeld.set(sources.size);
      })
      .catch(options.onFatal);
  };
  const stop = (partition: number, mode: 'graceful' | 'now'): Promise<void> => {
    const source = sources.get(partition);
    if (source === undefined) return stopping.get(partition) ?? Promise.resolve();
    sources.delete(partition);
    options.metrics.partitionsHeld.set(sources.size);
    logger.info({ partition, mode }, 'partition released; stopping its MQTT session');
    const stopped = source.stop(mode === 'graceful' ? options.graceMs : 0).catch(options.onError);
    stopping.set(partition, stopped);
    return stopped;
  };

  const coordinator = startPartitionCoordinator({
    leases: options.leases,
    workers: { start, stop },
    partitionCount,
    ownerId: options.replicaId,
    leaseTtlMs: options.leaseTtlMs,
    onError: (error) => {
      logger.warn({ err: error }, 'partition lease store problem');
    },
  });

  return {
    held: () => coordinator.held(),
    async checkConnected() {
      const down = coordinator.held().filter((partition) => sources.get(partition)?.isConnected() !== true);
      if (down.length > 0) throw new Error(`partition session(s) ${down.join(', ')} not connected`);
      return Promise.resolve();
    },
    stop: () => coordinator.stop(),
  };
}
