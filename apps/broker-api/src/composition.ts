import { deviceChangedV1 } from '@homeport/contracts';
import { createStoredMessagePublisher, type MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { Aedes } from 'aedes';
import { createCallBatcher } from '@homeport/storage';
import { createAedesDeviceChannel } from './adapters/aedes-device-channel';
import { createAedesDeviceSessions } from './adapters/aedes-device-sessions';
import { createBusIngestQueue } from './adapters/bus-ingest-queue';
import { createBusDeviceLifecycleEvents } from './adapters/bus-device-lifecycle-events';
import { createBusCommandFinishedEvents } from './adapters/bus-command-finished-events';
import { createBusPresenceEvents } from './adapters/bus-presence-events';
import { createPgCommandRepository } from './adapters/pg-command.repository';
import { createPgCredentialRepository } from './adapters/pg-credential.repository';
import { createDeviceChangeOutbox, createPgDeviceChangeRelayStore } from './adapters/pg-device-change-outbox';
import { createPgPresenceRepository } from './adapters/pg-presence.repository';
import { createPgRegistryRepository } from './adapters/pg-registry.repository';
import { createPgShadowRepository } from './adapters/pg-shadow.repository';
import type { Pool } from './adapters/postgres';
import { readMaxPacketBytes, readServiceDirectory, type BrokerApiSettings } from './config';
import { createAuthRecordCache } from './domain/auth-record-cache';
import type { DeviceAuthRecord } from './domain/credentials';
import { createCommandFinishedPublisher } from './domain/command-finished';
import { createCommandService } from './domain/command-service';
import { createConnectAuthenticator } from './domain/connect-auth';
import { createCredentialService } from './domain/credential-service';
import { createDeviceIngest } from './domain/device-ingest';
import { createDeviceSecrets } from './domain/device-secrets';
import { createPresenceService } from './domain/presence';
import { createPublishGuard } from './domain/publish-guard';
import { createRateLimiter } from './domain/rate-limiter';
import { createClaimService } from './domain/claim-service';
import { createRegistryService } from './domain/registry-service';
import type { CurrentStateSource } from './domain/shadow';
import { createShadowService } from './domain/shadow-service';
import { installAccessHooks } from './entry-points/mqtt/access-hooks';
import { createBackgroundTasks } from './entry-points/mqtt/background-tasks';
import { installCommandDelivery } from './entry-points/mqtt/command-delivery';
import { createConnections } from './entry-points/mqtt/connections';
import { createDeviceMessageHandlers } from './entry-points/mqtt/device-messages';
import type { MqttMetrics } from './entry-points/mqtt/mqtt-metrics';
import { createRevocationSweep } from './entry-points/mqtt/revocation-sweep';
import { installPresenceEvents, type PresenceEvents } from './entry-points/mqtt/presence-events';
import { createCommandFinishedSweep } from './entry-points/timers/command-finished-sweep';
import { createDeviceChangeRelay } from './entry-points/timers/device-change-relay';
import { publishBeforePuback } from './entry-points/mqtt/puback-after-publish';
import { limitPublishesInFlight } from './entry-points/mqtt/publish-admission';

// Bounds of the per-device and per-address state of one replica (auth cache, rate buckets).
const maxTrackedKeys = 100_000;

/** What the wiring functions share. */
export interface WiringContext {
  readonly config: BrokerApiSettings;
  readonly logger: Logger;
  readonly metrics: MqttMetrics;
  readonly pool: Pool;
  readonly bus: MessageBus;
  readonly broker: Aedes;
  readonly currentStates: CurrentStateSource;
}

// Longer than a publish waits for its confirm (the bus' publish timeout, 30 s): a claim outlives the
// publish it was made for, unless the replica died, when another takes it over after this. The same holds
// for a claimed batch of the device.changed outbox (a failed round releases what it did not publish).
const commandEndClaimLeaseMs = 60_000;
const deviceChangeClaimLeaseMs = 60_000;

// Device ids per registry query of CONNECT authentication (a reconnect storm's lookups of one turn).
const authLookupBatch = 500;

// What aedes parses of a connection at a time (about 20 device messages): with publishes held, what it
// parsed stays in memory until handled, so this times the connections bounds it (publish-admission.ts).
const maxReadBytesPerConnection = 4096;

/** This replica's connection state and background work: who is connected, the auth cache, the sweeps. */
export function createSessionState(context: WiringContext) {
  const { config, logger, metrics } = context;
  const credentialRepository = createPgCredentialRepository(context.pool);
  const cache = createAuthRecordCache({
    // The lookups of one event-loop turn (a reconnect storm's CONNECTs read in one poll) in one query.
    load: createCallBatcher<string, DeviceAuthRecord | undefined>({
      maxItems: authLookupBatch,
      run: async (ids) => {
        const records = await credentialRepository.findAuthRecords(ids);
        return ids.map((id) => records.get(id));
      },
    }),
    ttlMs: config.MQTT_AUTH_CACHE_TTL_MS,
    maxAgeMs: config.MQTT_AUTH_CACHE_MAX_AGE_MS,
    isRevocationFeedCurrent: () => sweep.isCurrent(),
    negativeTtlMs: config.MQTT_AUTH_NEGATIVE_CACHE_TTL_MS,
    maxEntries: maxTrackedKeys,
  });
  const connections = createConnections();
  const sweep = createRevocationSweep({
    credentials: credentialRepository,
    cache,
    connections,
    intervalMs: config.MQTT_REVOCATION_SWEEP_MS,
    metrics,
    logger,
  });
  const onCredentialsChanged = (deviceId: string) => {
    cache.invalidate(deviceId);
    sweep.trigger();
  };
  const tasks = createBackgroundTasks({ logger, metrics });
  const secrets = createDeviceSecrets({ pepper: config.DEVICE_SECRET_PEPPER });
  const commandRepository = createPgCommandRepository(context.pool);
  const commandEnds = createCommandFinishedSweep({
    publisher: createCommandFinishedPublisher({
      repository: commandRepository,
      events: createBusCommandFinishedEvents(context.bus),
      batchSize: config.COMMAND_FINISHED_SWEEP_BATCH,
      claimLeaseMs: commandEndClaimLeaseMs,
      onPublishFailed: (error, event) => {
        metrics.backgroundFailures.inc({ task: 'command-finished-publish' });
        logger.warn({ err: error, commandId: event.commandId }, 'command-finished event not published');
      },
    }),
    intervalMs: config.COMMAND_FINISHED_SWEEP_MS,
    metrics,
    logger,
  });
  const deviceChanges = createDeviceChangeRelay({
    outbox: createPgDeviceChangeRelayStore(context.pool),
    publish: createStoredMessagePublisher(context.bus, [deviceChangedV1]),
    intervalMs: config.DEVICE_CHANGE_RELAY_MS,
    batchSize: config.DEVICE_CHANGE_RELAY_BATCH,
    leaseMs: deviceChangeClaimLeaseMs,
    metrics,
    logger,
  });
  return {
    ...{ credentialRepository, cache, secrets, connections, sweep, tasks, onCredentialsChanged },
    ...{ commandRepository, commandEnds, deviceChanges },
  };
}

/** The session state of one replica. */
export type SessionState = ReturnType<typeof createSessionState>;

/** The use cases, on the PostgreSQL adapters, publishing to devices through the broker. */
export function createServices(context: WiringContext, session: SessionState) {
  const { config, pool, logger } = context;
  const channel = createAedesDeviceChannel(context.broker);
  const { onCredentialsChanged } = session;
  const events = createBusDeviceLifecycleEvents(context.bus);
  // A change's device.changed event commits with it; the relay publishes it at once after the commit.
  const changes = createDeviceChangeOutbox(pool, () => {
    session.deviceChanges.trigger();
  });
  const registryRepository = createPgRegistryRepository(pool, changes);
  return {
    registry: createRegistryService({
      repository: registryRepository,
      onCredentialsChanged,
      events,
      sessions: createAedesDeviceSessions(context.broker),
    }),
    claims: createClaimService({ repository: registryRepository }),
    credentials: createCredentialService({
      repository: session.credentialRepository,
      secrets: session.secrets,
      onCredentialsChanged,
      events,
    }),
    shadows: createShadowService({
      repository: createPgShadowRepository(pool, changes),
      currentStates: context.currentStates,
      channel,
      maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES,
      onDeltaSkipped: (error, deviceId) => {
        context.metrics.backgroundFailures.inc({ task: 'desired-delta' });
        logger.warn(
          { err: error, deviceId },
          'desired state published without its delta: reported state unread',
        );
      },
    }),
    commands: createCommandService({
      repository: session.commandRepository,
      channel,
      onPublishFailed: (error, command) => {
        logger.warn({ err: error, commandId: command.id }, 'command stored; publishing it now failed');
      },
      onCommandEnded: () => {
        session.commandEnds.trigger();
      },
    }),
    presence: createPresenceService({
      repository: createPgPresenceRepository(pool),
      events: createBusPresenceEvents(context.bus),
      channel,
    }),
  };
}

/** The use cases of the service. */
export type Services = ReturnType<typeof createServices>;

/** Installs authentication, authorization and the session handlers on the broker. */
export function installMqttHandlers(
  context: WiringContext,
  session: SessionState,
  services: Services,
): PresenceEvents {
  const { config, broker, logger, metrics } = context;
  const { connections, tasks } = session;
  // Kept across a device's reconnects: reconnecting must not refill it.
  const rateLimiter = createRateLimiter({
    ratePerSecond: config.MQTT_PUBLISH_RATE_PER_SECOND,
    burst: config.MQTT_PUBLISH_BURST,
    maxKeys: maxTrackedKeys,
  });
  const failedConnects = createRateLimiter({
    ratePerSecond: config.MQTT_CONNECT_FAILURE_RATE_PER_SECOND,
    burst: config.MQTT_CONNECT_FAILURE_BURST,
    maxKeys: maxTrackedKeys,
  });
  const { shadows, commands, presence } = services;
  const deviceMessages = createDeviceMessageHandlers({ shadows, commands, tasks, metrics, logger });
  const ingest =
    config.INGEST_MODE === 'direct'
      ? createDeviceIngest({
          queue: createBusIngestQueue(context.bus),
          onRefused: (refused) => {
            metrics.ingestDeadLettered.inc({ code: refused.code });
            logger.info({ topic: refused.topic, reason: refused.reason }, 'device message dead-lettered');
          },
        })
      : undefined;
  const hooks = installAccessHooks(broker, {
    authenticator: createConnectAuthenticator({
      records: session.cache,
      secrets: session.secrets,
      services: readServiceDirectory(config),
      failedConnects,
    }),
    guard: createPublishGuard({ maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES, rateLimiter }),
    connections,
    metrics,
    logger,
    packetLimits: {
      maxPacketBytes: readMaxPacketBytes(config),
      maxConnectPacketBytes: config.MQTT_MAX_CONNECT_PACKET_BYTES,
    },
    onDeviceMessage: deviceMessages.onDeviceMessage,
    onCommandSent: deviceMessages.onCommandSent,
    ingest,
  });
  publishBeforePuback(broker, hooks.authorizePublish);
  // Wraps both: a publish is in flight until its PUBACK may go, however the ingest is done.
  metrics.observePublishAdmission(
    limitPublishesInFlight(broker, {
      maxInFlight: config.MQTT_MAX_PUBLISHES_IN_FLIGHT,
      maxReadBytes: maxReadBytesPerConnection,
    }),
  );
  installCommandDelivery(broker, { connections, commands, tasks });
  const offlineGraceMs = config.DEVICE_OFFLINE_GRACE_MS;
  return installPresenceEvents(broker, { connections, presence, tasks, metrics, logger, offlineGraceMs });
}
