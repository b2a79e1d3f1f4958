import { createCounter, createGauge, type Counter, type Gauge, type Registry } from '@homeport/observability';

/** What fan-out counts, served by /metrics. */
export interface FanOutMetrics {
  /** Published to RabbitMQ (confirmed), by kind. */
  readonly forwarded: Counter<'kind'>;
  /** Never forwardable (not JSON, contract violation, unknown device, ...), dead-lettered and acknowledged, by reason. */
  readonly refused: Counter<'reason'>;
  /** Passed over by design (another partition's device, a retained replay, ...), by reason. */
  readonly skipped: Counter<'reason'>;
  /** Attempts that failed for a transient reason (RabbitMQ or the device registry away) and are tried again. */
  readonly publishRetries: Counter;
  /** Requests to the device registry (cache misses), by result: found, not_found, failed. */
  readonly registryLookups: Counter<'result'>;
  /** Received and not yet acknowledged. */
  readonly inFlight: Gauge;
  /** Partitions this replica holds (partitioned mode). */
  readonly partitionsHeld: Gauge;
  /** MQTT connections that closed (broker restart, network, keepalive timeout while RabbitMQ is away). */
  readonly mqttDisconnects: Counter;
  /** SUBSCRIBEs left without a SUBACK for MQTT_SUBSCRIBE_TIMEOUT_MS (the session then reconnects). */
  readonly mqttSubscribeTimeouts: Counter;
}

/** Registers fan-out's metrics in the service's registry. */
export function createFanOutMetrics(registry: Registry): FanOutMetrics {
  return {
    forwarded: createCounter(registry, {
      name: 'fan_out_messages_forwarded_total',
      help: 'Device messages published to RabbitMQ and confirmed.',
      labelNames: ['kind'],
    }),
    refused: createCounter(registry, {
      name: 'fan_out_messages_refused_total',
      help: 'Device messages that can never be forwarded (dead-lettered, logged, acknowledged).',
      labelNames: ['reason'],
    }),
    skipped: createCounter(registry, {
      name: 'fan_out_messages_skipped_total',
      help: 'Messages passed over by design (another partition, retained replay, unmapped topic).',
      labelNames: ['reason'],
    }),
    publishRetries: createCounter(registry, {
      name: 'fan_out_publish_retries_total',
      help: 'Forwarding attempts retried because RabbitMQ or the device registry was unavailable.',
    }),
    registryLookups: createCounter(registry, {
      name: 'fan_out_device_registry_lookups_total',
      help: 'Device registry requests (cache misses), by result.',
      labelNames: ['result'],
    }),
    inFlight: createGauge(registry, {
      name: 'fan_out_messages_in_flight',
      help: 'Messages received from MQTT and not yet acknowledged.',
    }),
    partitionsHeld: createGauge(registry, {
      name: 'fan_out_partitions_held',
      help: 'Partitions this replica holds (partitioned mode).',
    }),
    mqttDisconnects: createCounter(registry, {
      name: 'fan_out_mqtt_disconnects_total',
      help: 'MQTT connections to the source broker that closed.',
    }),
    mqttSubscribeTimeouts: createCounter(registry, {
      name: 'fan_out_mqtt_subscribe_timeouts_total',
      help: 'MQTT SUBSCRIBEs not acknowledged in time; the session reconnected to subscribe again.',
    }),
  };
}
