import type { ReadinessCheck } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import type { Logger, Registry } from '@homeport/observability';
import { checkRedis, type RedisClient } from '@homeport/storage';
import { createBusDevicePublisher } from './adapters/bus-device-publisher';
import { createBusRefusedMessageStore } from './adapters/bus-refused-messages';
import { createRedisPartitionLeases } from './adapters/redis-partition-leases';
import type { FanOutSettings } from './config';
import { createConfiguredDeviceRegistry } from './device-registry-check';
import { createDeviceMessageForwarder } from './domain/forward-device-message';
import { createTopicMapping, type TopicMapping } from './domain/topic-mapping';
import { createDeviceMessageHandler } from './entry-points/device-message-handler';
import {
  startMqttSource,
  type MqttConnectionSettings,
  type MqttMessageHandler,
  type MqttSource,
  type SubscribeTimeoutHandler,
} from './entry-points/mqtt-source';
import { createFanOutMetrics, type FanOutMetrics } from './fan-out-metrics';
import { startPartitionedSources } from './partitioned-sources';

/** What fan-out is wired with: connections made by main.ts (or a test). */
export interface FanOutDeps {
  readonly bus: MessageBus;
  /** Needed in partitioned mode only. */
  readonly redis?: RedisClient;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Unique per process: owner of the partition leases. */
  readonly replicaId: string;
  /** A bug (an unexpected error): log it and let the process die. */
  readonly onFatal: (error: unknown) => void;
}

/** A running fan-out. */
export interface FanOut {
  /** For GET /ready: MQTT connected and subscribed, RabbitMQ ready, Redis reachable (partitioned mode). */
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
  /** Partitions held (partitioned mode; empty otherwise). */
  heldPartitions(): number[];
  /** Stops taking messages, lets the ones in hand finish (SHUTDOWN_GRACE_MS), disconnects. */
  stop(): Promise<void>;
}

/** What both subscription modes are built from. */
interface FanOutParts {
  readonly config: FanOutSettings;
  readonly deps: FanOutDeps;
  readonly metrics: FanOutMetrics;
  readonly mapping: TopicMapping;
  readonly connection: MqttConnectionSettings;
  /** The MQTT message handler, forwarding only the devices `isOwnDevice` accepts (default: all). */
  readonly handlerFor: (isOwnDevice?: (vendorId: string, deviceId: string) => boolean) => MqttMessageHandler;
  readonly onError: (error: Error) => void;
  readonly onSubscribeTimeout: SubscribeTimeoutHandler;
  readonly amqpCheck: ReadinessCheck;
}

/** Starts fan-out in the configured subscription mode (single, shared or partitioned). */
export function startFanOut(config: FanOutSettings, deps: FanOutDeps): FanOut {
  const { logger } = deps;
  const metrics = createFanOutMetrics(deps.registry);
  const mapping = createTopicMapping(config.provider);
  const publisher = createBusDevicePublisher(deps.bus);
  const refusals = createBusRefusedMessageStore(deps.bus);
  // One registry (and cache) for every session of the process.
  const registry = createConfiguredDeviceRegistry(config, metrics);
  const parts: FanOutParts = {
    config,
    deps,
    metrics,
    mapping,
    connection: readConnectionSettings(config),
    handlerFor: (isOwnDevice) =>
      createDeviceMessageHandler({
        forward: createDeviceMessageForwarder({
          mapping,
          publisher,
          refusals,
          ...(registry && { registry }),
          ...(isOwnDevice && { isOwnDevice }),
        }),
        metrics,
        logger,
        retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      }),
    onError: (error) => {
      logger.warn({ err: error }, 'MQTT connection problem; reconnecting');
    },
    onSubscribeTimeout: ({ clientId, filters }) => {
      metrics.mqttSubscribeTimeouts.inc();
      logger.warn(
        { clientId, filters, timeoutMs: config.MQTT_SUBSCRIBE_TIMEOUT_MS },
        'MQTT SUBSCRIBE not acknowledged in time; reconnecting to subscribe again',
      );
    },
    amqpCheck: () => deps.bus.checkReady(),
  };
  return config.SUBSCRIPTION_MODE === 'partitioned' ? startPartitioned(parts) : startSingleSession(parts);
}

/** Single and shared mode: one session under MQTT_CLIENT_ID (shared: in the SUBSCRIPTION_GROUP share group). */
function startSingleSession(parts: FanOutParts): FanOut {
  const { config, metrics } = parts;
  const share = config.SUBSCRIPTION_MODE === 'shared' ? config.SUBSCRIPTION_GROUP : undefined;
  const source = startMqttSource({
    connection: parts.connection,
    clientId: config.MQTT_CLIENT_ID,
    filters: parts.mapping.filters(share),
    handle: parts.handlerFor(),
    onError: parts.onError,
    onClose: () => {
      metrics.mqttDisconnects.inc();
    },
    onSubscribeTimeout: parts.onSubscribeTimeout,
    onFatal: parts.deps.onFatal,
  });
  return {
    readinessChecks: { mqtt: () => checkConnected([source]), amqp: parts.amqpCheck },
    heldPartitions: () => [],
    stop: () => source.stop(config.SHUTDOWN_GRACE_MS),
  };
}

/** Partitioned mode: the sessions of the partitions whose Redis lease this replica holds. */
function startPartitioned(parts: FanOutParts): FanOut {
  const { config, deps } = parts;
  const redis = deps.redis;
  if (redis === undefined) throw new Error('partitioned mode needs a Redis client');
  const sources = startPartitionedSources({
    connection: parts.connection,
    clientIdBase: config.MQTT_CLIENT_ID,
    partitionCount: config.PARTITION_COUNT,
    leaseTtlMs: config.LEASE_TTL_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    filters: parts.mapping.filters(),
    leases: createRedisPartitionLeases(redis, config.SUBSCRIPTION_GROUP),
    replicaId: deps.replicaId,
    handlerFor: parts.handlerFor,
    metrics: parts.metrics,
    logger: deps.logger,
    onError: parts.onError,
    onSubscribeTimeout: parts.onSubscribeTimeout,
    onFatal: deps.onFatal,
  });
  return {
    readinessChecks: {
      mqtt: () => sources.checkConnected(),
      amqp: parts.amqpCheck,
      redis: () => checkRedis(redis),
    },
    heldPartitions: () => sources.held(),
    stop: () => sources.stop(),
  };
}

/** Rejects unless every source is connected and subscribed. */
export async function checkConnected(sources: readonly MqttSource[]): Promise<void> {
  const down = sources.filter((source) => !source.isConnected()).length;
  if (down > 0) throw new Error(`${down} MQTT session(s) not connected and subscribed`);
  return Promise.resolve();
}

function readConnectionSettings(config: FanOutSettings): MqttConnectionSettings {
  return {
    url: config.MQTT_URL,
    username: config.MQTT_USERNAME,
    ...(config.MQTT_PASSWORD !== undefined && { password: config.MQTT_PASSWORD }),
    protocolVersion: config.MQTT_PROTOCOL_VERSION === 5 ? 5 : 4,
    keepaliveS: config.MQTT_KEEPALIVE_S,
    sessionExpiryS: config.MQTT_SESSION_EXPIRY_S,
    receiveMaximum: config.MQTT_RECEIVE_MAXIMUM,
    reconnectMs: config.MQTT_RECONNECT_MS,
    connectTimeoutMs: config.MQTT_CONNECT_TIMEOUT_MS,
    subscribeTimeoutMs: config.MQTT_SUBSCRIBE_TIMEOUT_MS,
  };
}
