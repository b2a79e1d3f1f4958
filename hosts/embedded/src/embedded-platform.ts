import {
  loadBrokerApiSettings,
  readBrokerApiQueues,
  migrateBrokerApi,
  startBrokerApi,
  type RunningBrokerApi,
} from '@homeport/broker-api';
import { migrateAlerts, alertsQueues } from '@homeport/alerts';
import { analyticsQueues, migrateAnalytics } from '@homeport/analytics';
import { stateWorkersQueue, type PlatformFile } from '@homeport/contracts';
import { readRetryDelaysMs, type Environment } from '@homeport/config';
import { buildFanOutHttpApp, loadFanOutSettings, startFanOut } from '@homeport/fan-out';
import { geofencingQueues, migrateGeofencing } from '@homeport/geofencing';
import { findFreePort, startHttpServer } from '@homeport/http';
import { createECDH, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createLogger, createMetricsRegistry, type Logger } from '@homeport/observability';
import {
  loadNotificationsSettings,
  migrateNotifications,
  notificationsQueues,
  startNotificationsOn,
} from '@homeport/notifications';
import {
  loadPublicApiSettings,
  migratePublicApi,
  publicApiPublishedQueues,
  startPublicApi,
} from '@homeport/public-api';
import { loadStateWorkersSettings, migrateStateWorkers, startStateWorkersOn } from '@homeport/state-workers';
import { startAlertsPart } from './alerts-part';
import { startAnalyticsPart } from './analytics-part';
import type { EmbeddedConfig, PortKey } from './config';
import { claimDataDir, loadOrCreateSecrets, writePlatformFile, type EmbeddedSecrets } from './data-dir';
import { demoCatalog, ensureDemoCatalog } from './demo-catalog';
import { startDevMailbox, type DevEmail, type DevMailbox } from './dev-mailbox';
import { startGeofencingPart } from './geofencing-part';
import { choosePorts } from './ports';
import { openEmbeddedRuntime, type EmbeddedRuntime } from './runtime';

/** Where the running platform listens. */
export interface EmbeddedListeners {
  readonly platform: PlatformFile;
  readonly brokerApiDocsUrl: string;
  readonly publicApiDocsUrl: string;
  /** notifications' internal API (NOTIFICATIONS_API_URL for public-api) and /health, /ready, /metrics. */
  readonly notificationsUrl: string;
  /** alerts' internal API (rules) and /health, /ready, /metrics. */
  readonly alertsUrl: string;
  /** analytics' internal API (fleet metrics, daily reports) and /health, /ready, /metrics. */
  readonly analyticsUrl: string;
  /** geofencing's internal API (automations) and /health, /ready, /metrics. */
  readonly geofencingUrl: string;
  /** The web console (public-api's `/`), or undefined when it is not built. */
  readonly consoleUrl: string | undefined;
  /** Where the dev mailbox keeps the emails (no SMTP_URL), else undefined. */
  readonly devMailboxDir: string | undefined;
  /** The console's page on which a signed-in person joins the demo vendor (its code made at this start). */
  readonly demoVendorJoinUrl: string;
  /** The console's page on which a signed-in person becomes a platform operator (its code made at this start). */
  readonly operatorJoinUrl: string;
}

/** The platform in this process. */
export interface EmbeddedPlatform {
  readonly listeners: EmbeddedListeners;
  /** Which part stands for each server. */
  readonly parts: EmbeddedRuntime['parts'];
  /** Default ports that were taken, so any free port was used instead. */
  readonly movedPorts: readonly PortKey[];
  readonly platformFile: string;
  /** Stops devices first, lets the pipeline drain, then the services, then the data. */
  close(): Promise<void>;
}

const drainTimeoutMs = 10_000;
/** Each service reads its own settings from the environment, with the listeners the host assigns. */
function serviceEnv(env: Environment, host: string, httpPort: number, extra: Environment = {}): Environment {
  return { ...env, HTTP_HOST: host, HTTP_PORT: String(httpPort), ...extra };
}

/** What starting each service needs. */
interface PartContext {
  readonly config: EmbeddedConfig;
  readonly env: Environment;
  readonly runtime: EmbeddedRuntime;
  loggerFor(service: string): Logger;
}

async function startBrokerApiPart(
  context: PartContext,
  ports: Readonly<Record<PortKey, number>>,
  secrets: EmbeddedSecrets,
): Promise<RunningBrokerApi> {
  const { config, env, runtime } = context;
  const settings = loadBrokerApiSettings(
    serviceEnv(env, config.HOST, ports.HTTP_PORT, {
      MQTT_HOST: config.HOST,
      MQTT_PORT: String(ports.MQTT_PORT),
      MQTT_WS_PORT: String(ports.MQTT_WS_PORT),
      BROKER_API_TOKEN: secrets.brokerApiToken,
      BROKER_API_REGISTRY_READ_TOKEN: secrets.brokerApiRegistryReadToken,
      DEVICE_SECRET_PEPPER: secrets.deviceSecretPepper,
      MQTT_SERVICE_TOKENS: `fan-out=${secrets.fanOutMqttToken}`,
      MQTT_PARTITIONED_SERVICES: 'fan-out',
    }),
  );
  return startBrokerApi(settings, {
    logger: context.loggerFor('broker-api'),
    metrics: createMetricsRegistry({ service: 'broker-api' }),
    pool: runtime.pool,
    bus: await runtime.createBus('broker-api', { queues: readBrokerApiQueues(settings) }),
    backend: runtime.brokerBackend,
    currentStates: runtime.currentStates,
  });
}

async function startStateWorkersPart(context: PartContext, port: number) {
  const settings = loadStateWorkersSettings(serviceEnv(context.env, context.config.HOST, port));
  const bus = await context.runtime.createBus('state-workers', {
    queues: [stateWorkersQueue],
    retryDelaysMs: readRetryDelaysMs(settings),
  });
  return startStateWorkersOn(settings, {
    logger: context.loggerFor('state-workers'),
    runtime: context.runtime.stateWorkersRuntime(bus, {
      mergeSpacingMs: settings.STATE_MERGE_SPACING_MS,
      mergedRowsKept: settings.STATE_MERGE_ROWS_KEPT,
    }),
  });
}

async function startFanOutPart(
  context: PartContext,
  port: number,
  mqttUrl: string,
  secrets: EmbeddedSecrets,
) {
  const logger = context.loggerFor('fan-out');
  const settings = loadFanOutSettings(
    serviceEnv(context.env, context.config.HOST, port, {
      MQTT_URL: mqttUrl,
      MQTT_PASSWORD: secrets.fanOutMqttToken,
    }),
  );
  const registry = createMetricsRegistry({ service: 'fan-out' });
  const fanOut = startFanOut(settings, {
    bus: await context.runtime.createBus('fan-out', { queues: [stateWorkersQueue] }),
    logger,
    registry,
    replicaId: 'embedded',
    onFatal: (error) => {
      logger.fatal({ err: error }, 'unexpected error; exiting');
      process.exit(1);
    },
  });
  const app = await buildFanOutHttpApp({ logger, registry, readinessChecks: fanOut.readinessChecks });
  const server = await startHttpServer(app, { host: context.config.HOST, port });
  return { fanOut, server };
}

/**
 * public-api on the shared database and queue; its rate-limit counters in Redis with REDIS_URL, else in its
 * memory (one process: nothing to share). Its email requests and users' contacts go to notifications; people's
 * notification settings through notifications' internal API.
 */
async function startPublicApiPart(
  context: PartContext,
  port: number,
  internalApis: {
    readonly brokerApiUrl: string;
    readonly notificationsApiUrl: string;
    readonly alertsApiUrl: string;
    readonly geofencingApiUrl: string;
    readonly analyticsApiUrl: string;
  },
  secrets: EmbeddedSecrets,
  hostSettings: {
    readonly demoVendorJoinCode: string;
    readonly operatorJoinCode: string;
    /** OPERATIONS_SERVICES: every other service of this process, where its /ready and /metrics listen. */
    readonly operationsServices: string;
  },
) {
  // The issuer is the API's own address, so that OAuth clients discover endpoints they can reach (RFC 8414
  // §3.3: the metadata's issuer is the address it was fetched from); a port chosen by the system (0) is not
  // known yet, so that case keeps the default.
  const issuer = port === 0 ? {} : { JWT_ISSUER: `http://${localAddress(context.config.HOST)}:${port}` };
  const consoleDir = findConsoleDir(context.env);
  const settings = loadPublicApiSettings(
    serviceEnv(context.env, context.config.HOST, port, {
      JWT_SIGNING_KEY: secrets.publicApiSigningKey,
      BROKER_API_URL: internalApis.brokerApiUrl,
      BROKER_API_TOKEN: secrets.brokerApiToken,
      NOTIFICATIONS_API_URL: internalApis.notificationsApiUrl,
      NOTIFICATIONS_API_TOKEN: secrets.notificationsApiToken,
      ALERTS_API_URL: internalApis.alertsApiUrl,
      ALERTS_API_TOKEN: secrets.alertsApiToken,
      GEOFENCING_API_URL: internalApis.geofencingApiUrl,
      GEOFENCING_API_TOKEN: secrets.geofencingApiToken,
      ANALYTICS_API_URL: internalApis.analyticsApiUrl,
      ANALYTICS_API_TOKEN: secrets.analyticsApiToken,
      // A receiver on the developer's machine (or its network) is usually plain http: notifications sends there.
      WEBHOOK_ALLOW_HTTP: context.env['WEBHOOK_ALLOW_HTTP'] ?? 'true',
      WEBHOOK_ALLOW_PRIVATE_HOSTS: context.env['WEBHOOK_ALLOW_PRIVATE_HOSTS'] ?? 'true',
      DEMO_VENDOR_ID: demoCatalog.vendor.id,
      DEMO_VENDOR_JOIN_CODE: hostSettings.demoVendorJoinCode,
      OPERATOR_JOIN_CODE: hostSettings.operatorJoinCode,
      OPERATIONS_SERVICES: hostSettings.operationsServices,
      ...(consoleDir !== undefined && { CONSOLE_DIR: consoleDir }),
      // No tiles unless the developer names a server: the zone editor draws a grid offline.
      ...(context.env['CONSOLE_MAP_TILES_URL'] !== undefined && {
        CONSOLE_MAP_TILES_URL: context.env['CONSOLE_MAP_TILES_URL'],
      }),
      ...issuer,
      ...(context.env['JWT_ISSUER'] !== undefined && { JWT_ISSUER: context.env['JWT_ISSUER'] }),
    }),
  );
  return startPublicApi(settings, {
    logger: context.loggerFor('public-api'),
    metrics: createMetricsRegistry({ service: 'public-api' }),
    pool: context.runtime.pool,
    bus: await context.runtime.createBus('public-api', { queues: publicApiPublishedQueues }),
    deviceHistory: context.runtime.deviceHistory,
    ...(context.runtime.publicApiRedis !== undefined && { redis: context.runtime.publicApiRedis }),
  });
}

/**
 * Web Push on, with the VAPID key pair of the data directory (its public key derives from the private one),
 * unless VAPID_PRIVATE_KEY is set (then the VAPID_* settings are the operator's).
 */
function webPushEnv(env: Environment, vapidPrivateKey: string): Environment {
  if (env['VAPID_PRIVATE_KEY'] !== undefined) return {};
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(vapidPrivateKey, 'base64url');
  return {
    VAPID_PUBLIC_KEY: ecdh.getPublicKey('base64url'),
    VAPID_PRIVATE_KEY: vapidPrivateKey,
    VAPID_SUBJECT: env['VAPID_SUBJECT'] ?? 'mailto:homeport@localhost',
  };
}

/**
 * notifications on the shared database and queue. Its SMTP server is SMTP_URL when set, else the dev mailbox
 * (an SMTP server in this process keeping each email as files under DATA_DIR/mailbox). The links of its
 * emails point at WEB_APP_URL, by default public-api (a confirmation code is in each email as well).
 */
async function startNotificationsPart(
  context: PartContext,
  port: number,
  publicApiUrl: string,
  mailbox: DevMailbox | undefined,
  secrets: EmbeddedSecrets,
) {
  const settings = loadNotificationsSettings(
    serviceEnv(context.env, context.config.HOST, port, {
      WEB_APP_URL: context.env['WEB_APP_URL'] ?? publicApiUrl,
      PUBLIC_API_URL: publicApiUrl,
      NOTIFICATIONS_API_TOKEN: secrets.notificationsApiToken,
      UNSUBSCRIBE_SECRET: secrets.unsubscribeSecret,
      // One machine, often a developer's: webhook receivers on it or on its network are the point.
      WEBHOOK_ALLOW_PRIVATE_HOSTS: context.env['WEBHOOK_ALLOW_PRIVATE_HOSTS'] ?? 'true',
      ...(mailbox !== undefined && { SMTP_URL: mailbox.smtpUrl }),
      ...webPushEnv(context.env, secrets.vapidPrivateKey),
    }),
  );
  return startNotificationsOn(settings, {
    logger: context.loggerFor('notifications'),
    runtime: await context.runtime.workerRuntime('notifications', {
      queues: notificationsQueues,
      retryDelaysMs: readRetryDelaysMs(settings),
    }),
  });
}

/** The web console as `nx run @homeport/console:build` (run by `npm start`) leaves it. */
const builtConsoleDir = path.resolve(__dirname, '..', '..', '..', 'web', 'console', 'dist');

/** The console public-api serves: CONSOLE_DIR when set, else the workspace's build when there is one. */
function findConsoleDir(env: Environment): string | undefined {
  const configured = env['CONSOLE_DIR'] ?? '';
  if (configured !== '') return configured;
  return existsSync(path.join(builtConsoleDir, 'index.html')) ? builtConsoleDir : undefined;
}

/** The address local clients use for a listener bound to `host`. */
function localAddress(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/**
 * Starts every service in this process on the embedded parts (or the servers configured): migrations,
 * broker-api, state-workers, fan-out (an MQTT client of the broker, as in a deployment), public-api, then the demo
 * vendor and product, and platform.json for local clients.
 */
export async function startEmbeddedPlatform(
  config: EmbeddedConfig,
  env: Environment,
  hooks: { readonly onDevEmail?: (email: DevEmail) => void } = {},
): Promise<EmbeddedPlatform> {
  const loggerFor = (service: string) => createLogger({ service, level: config.LOG_LEVEL });
  const releaseDataDir = claimDataDir(config.DATA_DIR);
  const secrets = loadOrCreateSecrets(config.DATA_DIR);
  const { ports, moved } = await choosePorts(config);
  const runtime = await openEmbeddedRuntime(config, loggerFor('embedded'));
  await migrateBrokerApi({ pool: runtime.pool });
  await migrateStateWorkers({ pool: runtime.pool });
  await migratePublicApi({ pool: runtime.pool });
  await migrateNotifications({ pool: runtime.pool });
  await migrateAlerts({ pool: runtime.pool });
  await migrateGeofencing({ pool: runtime.pool });
  await migrateAnalytics({ pool: runtime.pool });
  const context: PartContext = { config, env, runtime, loggerFor };

  const brokerApi = await startBrokerApiPart(context, ports, secrets);
  const stateWorkers = await startStateWorkersPart(context, ports.STATE_WORKERS_HTTP_PORT);
  const address = localAddress(config.HOST);
  const mqttUrl = `mqtt://${address}:${brokerApi.mqtt.tcpPort}`;
  const fanOut = await startFanOutPart(context, ports.FAN_OUT_HTTP_PORT, mqttUrl, secrets);
  const brokerApiUrl = `http://${address}:${brokerApi.http.port}`;
  const fanOutUrl = `http://${address}:${fanOut.server.port}`;
  const stateWorkersUrl = `http://${address}:${new URL(stateWorkers.url).port}`;
  // public-api calls notifications' internal API (NOTIFICATIONS_API_URL) and notifications links to
  // public-api, which starts first: so notifications' port is chosen before either starts. The same for
  // alerts' internal API (ALERTS_API_URL), whose service starts after public-api.
  const notificationsPort = await findFreePort(config.HOST);
  const notificationsApiUrl = `http://${address}:${notificationsPort}`;
  const alertsPort = await findFreePort(config.HOST);
  const alertsApiUrl = `http://${address}:${alertsPort}`;
  // public-api calls geofencing's internal API (automations) and analytics' (vendors' figures), which start
  // later: their ports are chosen now.
  const geofencingPort = await findFreePort(config.HOST);
  const geofencingApiUrl = `http://${address}:${geofencingPort}`;
  const analyticsPort = await findFreePort(config.HOST);
  const analyticsApiUrl = `http://${address}:${analyticsPort}`;
  // The demo vendor's join code: made at each start and printed only in the banner, so whoever reads this
  // terminal (the person who ran npm start) may make themselves a maker of the demo vendor from the console.
  const demoVendorJoinCode = randomBytes(24).toString('base64url');
  // The same for the platform's operators (the console's Operations page), and what their page probes.
  const operatorJoinCode = randomBytes(24).toString('base64url');
  const operationsServices = Object.entries({
    'broker-api': brokerApiUrl,
    'fan-out': fanOutUrl,
    'state-workers': stateWorkersUrl,
    notifications: notificationsApiUrl,
    alerts: alertsApiUrl,
    analytics: analyticsApiUrl,
    geofencing: geofencingApiUrl,
  })
    .map(([name, url]) => `${name}=${url}`)
    .join(',');
  const publicApi = await startPublicApiPart(
    context,
    ports.PUBLIC_API_HTTP_PORT,
    { brokerApiUrl, notificationsApiUrl, alertsApiUrl, geofencingApiUrl, analyticsApiUrl },
    secrets,
    { demoVendorJoinCode, operatorJoinCode, operationsServices },
  );
  const publicApiUrl = `http://${address}:${publicApi.http.port}`;
  const mailbox =
    (env['SMTP_URL'] ?? '') === ''
      ? await startDevMailbox({
          dir: path.join(config.DATA_DIR, 'mailbox'),
          ...(hooks.onDevEmail !== undefined && { onEmail: hooks.onDevEmail }),
        })
      : undefined;
  const notifications = await startNotificationsPart(
    context,
    notificationsPort,
    publicApiUrl,
    mailbox,
    secrets,
  );
  const alerts = await startAlertsPart({
    env: serviceEnv(env, config.HOST, alertsPort),
    runtime,
    logger: loggerFor('alerts'),
    brokerApi: { url: brokerApiUrl, token: secrets.brokerApiToken },
    alertsApiToken: secrets.alertsApiToken,
  });
  const analytics = await startAnalyticsPart({
    env: serviceEnv(env, config.HOST, analyticsPort),
    runtime,
    logger: loggerFor('analytics'),
    analyticsApiToken: secrets.analyticsApiToken,
  });
  const geofencing = await startGeofencingPart(runtime, {
    env,
    host: config.HOST,
    port: geofencingPort,
    logger: loggerFor('geofencing'),
    brokerApi: { url: brokerApiUrl, token: secrets.brokerApiToken },
    geofencingApiToken: secrets.geofencingApiToken,
  });

  await ensureDemoCatalog(brokerApiUrl, secrets.brokerApiToken);
  const platform: PlatformFile = {
    brokerApiUrl,
    brokerApiToken: secrets.brokerApiToken,
    mqttUrl,
    mqttWebSocketUrl: `ws://${address}:${brokerApi.mqtt.webSocketPort}/mqtt`,
    demoVendorId: demoCatalog.vendor.id,
    demoProductId: demoCatalog.product.id,
    fanOutUrl,
    stateWorkersUrl,
    publicApiUrl,
  };
  return {
    listeners: {
      platform,
      consoleUrl: findConsoleDir(env) === undefined ? undefined : `${publicApiUrl}/`,
      brokerApiDocsUrl: `${brokerApiUrl}/docs`,
      publicApiDocsUrl: `${publicApiUrl}/docs`,
      notificationsUrl: notificationsApiUrl,
      alertsUrl: alerts.url,
      analyticsUrl: analytics.url,
      geofencingUrl: `http://${address}:${new URL(geofencing.url).port}`,
      devMailboxDir: mailbox?.dir,
      demoVendorJoinUrl: `${publicApiUrl}/#/join/${demoCatalog.vendor.id}/${demoVendorJoinCode}`,
      operatorJoinUrl: `${publicApiUrl}/#/join-operators/${operatorJoinCode}`,
    },
    parts: runtime.parts,
    movedPorts: moved,
    platformFile: writePlatformFile(config.DATA_DIR, platform),
    async close() {
      await publicApi.close();
      await brokerApi.close();
      await fanOut.fanOut.stop();
      await fanOut.server.close();
      await runtime.drainQueues(
        [stateWorkersQueue, ...alertsQueues, ...notificationsQueues, ...geofencingQueues, ...analyticsQueues],
        drainTimeoutMs,
      );
      await stateWorkers.close();
      await alerts.close();
      await analytics.close();
      await notifications.close();
      await geofencing.close();
      await mailbox?.close();
      await runtime.close();
      releaseDataDir();
    },
  };
}
