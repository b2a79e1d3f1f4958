import { createCounter, createGauge, type Registry } from '@homeport/observability';
import type { PublishAdmissionStats } from './publish-admission';

/** What the MQTT side counts. */
export function createMqttMetrics(registry: Registry) {
  let readPublishAdmission = (): PublishAdmissionStats => ({ inFlight: 0, held: 0 });
  return {
    connections: createCounter(registry, {
      name: 'mqtt_connects_total',
      help: 'CONNECT attempts by outcome and client kind.',
      labelNames: ['outcome', 'kind'] as const,
    }),
    refusals: createCounter(registry, {
      name: 'mqtt_refusals_total',
      help: 'Refused CONNECT, PUBLISH and SUBSCRIBE packets by reason.',
      labelNames: ['action', 'reason'] as const,
    }),
    received: createCounter(registry, {
      name: 'mqtt_messages_received_total',
      help: 'Device messages accepted by the broker, by topic kind.',
      labelNames: ['kind'] as const,
    }),
    ingestDeadLettered: createCounter(registry, {
      name: 'broker_ingest_dead_lettered_total',
      help: 'Device messages of the direct ingest that their contract refused, dead-lettered, by code.',
      labelNames: ['code'] as const,
    }),
    expiredCommandsDropped: createCounter(registry, {
      name: 'mqtt_expired_commands_dropped_total',
      help: 'Commands not forwarded to a device because their TTL ran out.',
    }),
    connected: createGauge(registry, {
      name: 'mqtt_connected_clients',
      help: 'Clients connected to this replica, by kind.',
      labelNames: ['kind'] as const,
    }),
    lostConnectionsResumed: createCounter(registry, {
      name: 'mqtt_lost_connections_resumed_total',
      help: 'Lost device connections back within DEVICE_OFFLINE_GRACE_MS: announced neither offline nor online.',
    }),
    invalidDeviceMessages: createCounter(registry, {
      name: 'mqtt_invalid_device_messages_total',
      help: 'State requests and command acks the broker could not use (schema mismatch, unknown command).',
      labelNames: ['kind', 'problem'] as const,
    }),
    commandEndsPublished: createCounter(registry, {
      name: 'broker_command_finished_published_total',
      help: 'device.command-finished events published (confirmed), by this replica.',
    }),
    deviceChangesPublished: createCounter(registry, {
      name: 'broker_device_changed_published_total',
      help: 'device.changed events published (confirmed) from the outbox, by this replica.',
    }),
    backgroundFailures: createCounter(registry, {
      name: 'broker_background_failures_total',
      help: 'Failed background tasks (presence updates, deliveries, sweeps, event publishes), by task.',
      labelNames: ['task'] as const,
    }),
    publishes: createGauge(registry, {
      name: 'mqtt_publishes_in_progress',
      help: 'Client publishes being worked on (in_flight: authorized, not yet acknowledged) and held back (held).',
      labelNames: ['state'] as const,
      collect() {
        const { inFlight, held } = readPublishAdmission();
        this.set({ state: 'in_flight' }, inFlight);
        this.set({ state: 'held' }, held);
      },
    }),
    /** Where `mqtt_publishes_in_progress` reads its values (limitPublishesInFlight's stats). */
    observePublishAdmission(read: () => PublishAdmissionStats) {
      readPublishAdmission = read;
    },
  };
}

/** The MQTT metrics. */
export type MqttMetrics = ReturnType<typeof createMqttMetrics>;
