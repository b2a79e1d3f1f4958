import { buildHttpApp, startHttpServer, type HttpServer } from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import type { Logger, Registry } from '@homeport/observability';
import { checkPostgres } from '@homeport/storage';
import type { Pool } from './adapters/postgres';
import type { BrokerBackend } from './adapters/broker-backend';
import type { CurrentStateSource } from './domain/shadow';
import {
  createServices,
  createSessionState,
  installMqttHandlers,
  type Services,
  type WiringContext,
} from './composition';
import { readMaxPacketBytes, type BrokerApiSettings } from './config';
import { registerApiRoutes } from './entry-points/http/api-routes';
import { startMqttListeners } from './entry-points/mqtt/listeners';
import { closeMqttBroker, createMqttBroker } from './entry-points/mqtt/mqtt-broker';
import { createMqttMetrics } from './entry-points/mqtt/mqtt-metrics';

/** Connections and adapters the service is started with (main.ts creates them; tests bring their own). */
export interface BrokerApiDeps {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly pool: Pool;
  readonly bus: MessageBus;
  /** Redis in the distributed mode (replicas share sessions); in memory in the embedded one. */
  readonly backend: BrokerBackend;
  /** The reported side of shadows: state-workers' cached current state (Redis, or its memory when embedded). */
  readonly currentStates: CurrentStateSource;
}

/** A running broker-api: where it listens, and how to stop it. */
export interface RunningBrokerApi {
  readonly http: HttpServer;
  readonly mqtt: {
    readonly tcpPort: number;
    readonly tlsPort: number | undefined;
    readonly webSocketPort: number;
  };
  /** Stops listening, closes the MQTT clients and background work (not the deps, but the backend). */
  close(): Promise<void>;
}

async function buildApiApp(context: WiringContext, deps: BrokerApiDeps, services: Services) {
  const app = await buildHttpApp({
    service: 'broker-api',
    logger: context.logger,
    metrics: deps.metrics,
    openapi: {
      version: '1.0.0',
      description: 'Internal: device registry, credentials, desired state and commands.',
    },
    readinessChecks: {
      postgres: () => checkPostgres(deps.pool),
      redis: () => deps.backend.checkReady(),
      rabbitmq: () => deps.bus.checkReady(),
    },
  });
  const { BROKER_API_TOKEN: admin, BROKER_API_REGISTRY_READ_TOKEN: registryRead } = context.config;
  await registerApiRoutes(app, { tokens: { admin, registryRead }, ...services });
  return app;
}

function readTlsSettings(config: BrokerApiSettings) {
  const { MQTT_TLS_CERT_PATH: certPath, MQTT_TLS_KEY_PATH: keyPath } = config;
  return certPath === undefined || keyPath === undefined
    ? undefined
    : { port: config.MQTT_TLS_PORT, certPath, keyPath };
}

/** Wires and starts broker-api: the MQTT broker, its HTTP API and its background work. */
export async function startBrokerApi(
  config: BrokerApiSettings,
  deps: BrokerApiDeps,
): Promise<RunningBrokerApi> {
  const { logger, pool, bus, backend } = deps;
  const broker = await createMqttBroker(backend, {
    connectTimeoutMs: config.MQTT_CONNECT_TIMEOUT_MS,
    logger,
  });
  const context: WiringContext = {
    config,
    logger,
    metrics: createMqttMetrics(deps.metrics),
    pool,
    bus,
    broker,
    currentStates: deps.currentStates,
  };
  const session = createSessionState(context);
  const services = createServices(context, session);
  const presenceEvents = installMqttHandlers(context, session, services);
  const app = await buildApiApp(context, deps, services);
  await session.sweep.start();
  // Not awaited: with RabbitMQ away its publishes wait, and starting must not (the round never rejects).
  void session.commandEnds.start();
  void session.deviceChanges.start();
  const listeners = await startMqttListeners(broker, {
    host: config.MQTT_HOST,
    tcpPort: config.MQTT_PORT,
    tls: readTlsSettings(config),
    webSocket: { port: config.MQTT_WS_PORT, path: config.MQTT_WS_PATH },
    maxPacketBytes: readMaxPacketBytes(config),
  });
  const http = await startHttpServer(app, { host: config.HTTP_HOST, port: config.HTTP_PORT });
  const { tcpPort, tlsPort, webSocketPort } = listeners;
  return {
    http,
    mqtt: { tcpPort, tlsPort, webSocketPort },
    async close() {
      await http.close();
      const listenersClosed = listeners.close();
      await session.sweep.stop();
      await session.commandEnds.stop();
      await session.deviceChanges.stop();
      // Devices first, so their offline presence is still published through the open broker.
      await session.connections.closeAllDevices();
      presenceEvents.announceHeld();
      await session.tasks.settle();
      await closeMqttBroker(broker);
      await listenersClosed;
      await session.tasks.settle();
      await backend.close();
    },
  };
}
