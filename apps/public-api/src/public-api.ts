import {
  accountEmailsQueue,
  geofencingLocationFixesQueue,
  geofencingUserDeletionsQueue,
  notificationRecipientsQueue,
  notificationRequestsQueue,
  webhookDeliveriesQueue,
} from '@homeport/contracts';
import {
  buildHttpApp,
  startHttpServer,
  type HttpApp,
  type HttpServer,
  type ReadinessCheck,
} from '@homeport/http';
import type { MessageBus } from '@homeport/messaging';
import type { Logger, Registry } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { checkPostgres, checkRedis, type RedisClient } from '@homeport/storage';
import { createAlertsApiDirectory } from './adapters/alerts-api-directory';
import { createAnalyticsApiDirectory } from './adapters/analytics-api-directory';
import { createAssistantGatewayClient } from './adapters/assistant-gateway-client';
import { createLinkedHomes } from './adapters/cached-linked-homes';
import { createPgHomeRepository } from './adapters/pg-home.repository';
import { createBusQueueOverview } from './adapters/bus-queue-overview';
import { createHttpPlatformHealth, readProbedServices } from './adapters/http-platform-health';
import { createPgOperatorRepository } from './adapters/pg-operators.repository';
import type { AuditLog } from './domain/audit';
import { createOperationsService } from './domain/operations-service';
import { consumeAlertNotices } from './alert-notifications';
import { consumePresenceNotices } from './presence-notifications';
import { createBrokerApiAssistantProducts } from './adapters/broker-api-assistant-products';
import { createBrokerApiDeviceClaims } from './adapters/broker-api-device-claims';
import { createBrokerApiOwnerDevices } from './adapters/broker-api-owner-devices';
import { createBrokerApiProductCatalog } from './adapters/broker-api-vendor-catalog';
import { createBrokerApiVendorDevices } from './adapters/broker-api-vendor-devices';
import { createBusLocationFixes } from './adapters/bus-location-fixes';
import { createBusNotifications } from './adapters/bus-notifications';
import { createJoseAccessTokens } from './adapters/jose-access-tokens';
import { createNotificationsApiSettings } from './adapters/notifications-api-settings';
import { createNotificationsApiWebhooks } from './adapters/notifications-api-webhooks';
import { createPgApiKeyRepository } from './adapters/pg-api-key.repository';
import { createPgAuditLog } from './adapters/pg-audit-log';
import { createPgAuditReader } from './adapters/pg-audit-reader';
import { createPgHomeZones } from './adapters/pg-home-zones';
import { createPgUserZoneRepository } from './adapters/pg-user-zones';
import { createPgOwnTracksCredentialRepository } from './adapters/pg-owntracks-credential.repository';
import { createPgUserRepository } from './adapters/pg-user.repository';
import { createPgVendorMemberRepository } from './adapters/pg-vendor-member.repository';
import type { Pool } from './adapters/postgres';
import type { PublicApiSettings } from './config';
import {
  createAlertsApiSend,
  createAnalyticsApiSend,
  createGeofencingApiSend,
  createNotificationsApiSend,
} from './internal-apis';
import { createGeofencingApiAutomations } from './adapters/geofencing-api-automations';
import { createGeofencingApiPrivacy } from './adapters/geofencing-api-privacy';
import { createLocationPrivacyService } from './domain/location-privacy-service';
import { createAutomationService } from './domain/automation-service';
import { createAccountService } from './domain/account-service';
import { createAccountDeletionService } from './domain/account-deletion-service';
import { createAccountDeletions, type AccountDeletions } from './account-deletions';
import { createAssistantFarewellRounds } from './assistant-farewells';
import { createAssistantDeviceService } from './domain/assistant-device-service';
import type { AssistantDevices } from './domain/assistant-devices';
import { createApiKeyService } from './domain/api-key-service';
import { createAuditService } from './domain/audit-service';
import { systemClock, type Clock } from './domain/clock';
import { createDeviceHistoryService } from './domain/device-history-service';
import type { DeviceHistoryReader } from './domain/device-history';
import { createHomeAlertService } from './domain/home-alert-service';
import { createHomeDeviceService } from './domain/home-device-service';
import { createPasswordCheck } from './domain/password-check';
import { createPasswordHashing, type PasswordHashing } from './domain/password-hashing';
import { createHomeService } from './domain/home-service';
import { createInvitationService } from './domain/invitation-service';
import { createLocationService } from './domain/location-service';
import { createUserZoneService } from './domain/user-zone-service';
import { createOwnTracksCredentialService } from './domain/owntracks-credential-service';
import { createNotificationSettingsService } from './domain/notification-settings-service';
import { createOwnerDeviceService } from './domain/owner-device-service';
import { createSessionService } from './domain/session-service';
import { readSigningKeys } from './domain/signing-keys';
import { createVendorAccess } from './domain/vendor-access';
import { createVendorDeviceClaimService } from './domain/vendor-device-claim-service';
import { createVendorService } from './domain/vendor-service';
import { createWebhookService } from './domain/webhook-service';
import { apiKeySecurityScheme, bearerSecurityScheme } from './entry-points/http/authenticate';
import { ownTracksSecurityScheme } from './entry-points/http/owntracks.routes';
import { createVendorAlertService } from './domain/vendor-alert-service';
import { createVendorAnalyticsService } from './domain/vendor-analytics-service';
import { createVendorCatalogService } from './domain/vendor-catalog-service';
import { createVendorDeviceService } from './domain/vendor-device-service';
import { registerApiRoutes } from './entry-points/http/api-routes';
import { serveConsoleFiles } from './entry-points/http/console-files';
import { createDeferredWork, type DeferredWork } from './entry-points/http/deferred-work';
import { parseTrustProxy } from './entry-points/http/rate-limit-table';
import { registerRateLimits } from './entry-points/http/rate-limits';
import { oauthSecurityScheme } from './entry-points/http/oauth-security-scheme';
import { webhookDeliveriesOpenApi } from './entry-points/http/webhook-deliveries-openapi';
import { createLive, type Live } from './live';
import { createGoogleHome, type GoogleHome } from './google-home';
import { createOAuthServices } from './oauth-services';
import { createSharedAdapters, type SharedAdapters } from './shared-adapters';
import { consumeWebhooks } from './webhooks';
import { createAlexa, type Alexa } from './alexa';

/** Connections and adapters the service is started with (main.ts creates them; tests bring their own). */
export interface PublicApiDeps {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly pool: Pool;
  /**
   * Declares `publicApiPublishedQueues` (where the email requests, contacts, notices and webhook deliveries
   * wait for the notifications service); the live streams and the webhooks consume their queues on it.
   */
  readonly bus: MessageBus;
  /**
   * Where the rate-limit counters and the live logs are, shared by the replicas; without it, in this
   * process (embedded).
   */
  readonly redis?: RedisClient;
  /** Device time series: InfluxDB's (main.ts) or the SQL time series (the embedded host). */
  readonly deviceHistory: DeviceHistoryReader;
  /** The system clock unless a test moves time. */
  readonly clock?: Clock;
  /** scrypt at the production parameters unless a test asks for cheaper ones. */
  readonly passwords?: PasswordHashing;
}

/** The queues public-api publishes to, declared by its bus so that their messages wait for their consumer. */
export const publicApiPublishedQueues = [
  accountEmailsQueue,
  notificationRecipientsQueue,
  notificationRequestsQueue,
  webhookDeliveriesQueue,
  geofencingLocationFixesQueue,
  geofencingUserDeletionsQueue,
] as const;

/** Sign-ups and reset requests being processed at once, beyond which they are answered 503 SERVER_BUSY. */
const maxDeferredWork = 200;

/** A running public-api: where it listens, and how to stop it. */
export interface RunningPublicApi {
  readonly http: HttpServer;
  /** The assistants' view of people's devices (their entry points' use cases; tests drive it directly). */
  readonly assistantDevices: AssistantDevices;
  /** Stops listening and lets the answered work finish (not the deps). */
  close(): Promise<void>;
}

/** What public-api's /ready checks (and its operators' health page shows of it). */
function readinessChecksOf(deps: PublicApiDeps): Record<string, ReadinessCheck> {
  const { redis } = deps;
  return {
    postgres: () => checkPostgres(deps.pool),
    rabbitmq: () => deps.bus.checkReady(),
    ...(redis !== undefined && { redis: () => checkRedis(redis) }),
  };
}

/** The platform's health and queues for its operators, on the services' addresses and this bus. */
function createOperations(config: PublicApiSettings, deps: PublicApiDeps, audit: AuditLog, clock: Clock) {
  const probed = readProbedServices(config.OPERATIONS_SERVICES);
  // The config check at load refused a bad list already; settings built by hand must not slip through.
  if ('problem' in probed) throw new Error(`bad OPERATIONS_SERVICES: ${probed.problem}`);
  return createOperationsService({
    operators: createPgOperatorRepository(deps.pool),
    health: createHttpPlatformHealth({
      services: probed.services,
      timeoutMs: config.OPERATIONS_PROBE_TIMEOUT_MS,
      self: { name: 'public-api', readinessChecks: readinessChecksOf(deps), metrics: deps.metrics },
    }),
    queues: createBusQueueOverview(deps.bus),
    audit,
    clock,
    ...(config.OPERATOR_JOIN_CODE !== undefined && { joinCode: config.OPERATOR_JOIN_CODE }),
  });
}

/** The use cases on the PostgreSQL, bus and jose adapters. */
async function createServices(
  config: PublicApiSettings,
  deps: PublicApiDeps,
  shared: SharedAdapters,
  live: Live,
) {
  const clock = deps.clock ?? systemClock;
  const read = readSigningKeys(config.JWT_SIGNING_KEY, config.JWT_ACCEPTED_KEYS);
  // The config check at load refused bad keys already; settings built by hand must not slip through.
  if ('problems' in read)
    throw new Error(`bad signing keys: ${read.problems.map((p) => p.reason).join('; ')}`);
  const users = createPgUserRepository(deps.pool);
  // One check for login and the consent page: its decoy scrypt hash is made once, at start.
  const passwords = deps.passwords ?? createPasswordHashing();
  const checkPassword = createPasswordCheck(users, passwords);
  const { sessions: sessionRepository, homes, invitations, brokerApi } = shared;
  const notifications = createBusNotifications(deps.bus);
  const vendorMembers = createPgVendorMemberRepository(deps.pool);
  const access = createVendorAccess(vendorMembers);
  const audit = createPgAuditLog(deps.pool);
  const userZones = createPgUserZoneRepository(deps.pool);
  const invitationTtlSeconds = config.INVITATION_TTL_SECONDS;
  const notificationsApi = createNotificationsApiSend(config);
  const alertsApi = createAlertsApiSend(config);
  const alerts = createAlertsApiDirectory(alertsApi);
  const geofencingApi = createGeofencingApiSend(config);
  const analyticsApi = createAnalyticsApiSend(config);
  const deviceClaims = createBrokerApiDeviceClaims(brokerApi);
  const ownerDevices = createBrokerApiOwnerDevices(brokerApi, shared.devices);
  const ownerDeviceService = createOwnerDeviceService({ homes, devices: ownerDevices, audit, clock });
  const accessTokens = await createJoseAccessTokens({
    keys: read.keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    clock,
  });
  const deviceCacheLimits = {
    maxEntries: config.DEVICE_CACHE_MAX_ENTRIES,
    maxAgeMs: config.DEVICE_CACHE_MAX_AGE_SECONDS * 1000,
  };
  const assistantDevices = createAssistantDeviceService({
    homes,
    devices: ownerDevices,
    ownerDevices: ownerDeviceService,
    products: createBrokerApiAssistantProducts(brokerApi, {
      invalidations: shared.invalidations,
      limits: deviceCacheLimits,
    }),
    log: live.log,
    confirmations: live.confirmations,
    settings: { confirmWaitMs: config.ASSISTANT_CONFIRM_WAIT_MS },
  });
  const oauth = createOAuthServices(config, { pool: deps.pool, checkPassword, access, audit, clock });
  // One pool of connections to the assistants' clouds, for both assistants' calls and their reporters.
  const assistantGateway = createAssistantGatewayClient({
    timeoutMs: config.ASSISTANT_GATEWAY_TIMEOUT_MS,
    ...(config.ASSISTANT_GATEWAY_CA !== undefined && { ca: config.ASSISTANT_GATEWAY_CA }),
  });
  const uncachedHomes = createPgHomeRepository(deps.pool);
  // Per assistant: a home with a Google link only is still known to have no Alexa link.
  const createAssistantLinkedHomes = () =>
    createLinkedHomes({
      invalidations: shared.invalidations,
      limits: deviceCacheLimits,
      homesOf: async (userId) => [...(await uncachedHomes.loadScope(userId)).roles.keys()],
    });
  const google = createGoogleHome(config, {
    pool: deps.pool,
    devices: assistantDevices,
    authorizations: oauth.authorizations,
    gateway: assistantGateway,
    linkedHomes: createAssistantLinkedHomes(),
    clock,
  });
  const homeService = createHomeService({
    homes,
    invitations,
    notifications,
    audit,
    clock,
    invitationTtlSeconds,
  });
  const vendorService = createVendorService({
    vendorMembers,
    invitations,
    access,
    notifications,
    audit,
    clock,
    invitationTtlSeconds,
    ...(config.DEMO_VENDOR_ID !== undefined &&
      config.DEMO_VENDOR_JOIN_CODE !== undefined && {
        demoVendor: { vendorId: config.DEMO_VENDOR_ID, joinCode: config.DEMO_VENDOR_JOIN_CODE },
      }),
  });
  const homeDevices = createHomeDeviceService({ homes, devices: deviceClaims, audit, clock });
  const homeAlerts = createHomeAlertService({ homes, alerts, devices: deviceClaims, audit, clock });
  const automations = createAutomationService({
    homes,
    devices: ownerDevices,
    automations: createGeofencingApiAutomations(geofencingApi),
    audit,
    clock,
  });
  const accountDeletions = createAccountDeletions(deps);
  const alexa = createAlexa(config, {
    pool: deps.pool,
    devices: assistantDevices,
    oauth,
    gateway: assistantGateway,
    linkedHomes: createAssistantLinkedHomes(),
    clock,
  });
  const assistantFarewells = createAssistantFarewellRounds(config, {
    pool: deps.pool,
    alexa,
    google,
    logger: deps.logger,
  });
  return {
    accounts: createAccountService({
      users,
      sessions: sessionRepository,
      notifications,
      passwords,
      clock,
      emailVerificationTtlSeconds: config.EMAIL_VERIFICATION_TTL_SECONDS,
      passwordResetTtlSeconds: config.PASSWORD_RESET_TTL_SECONDS,
    }),
    sessions: createSessionService({
      checkPassword,
      sessions: sessionRepository,
      accessTokens,
      clock,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    }),
    accountDeletion: createAccountDeletionService({
      users,
      passwords,
      homes,
      vendorMembers,
      homeService,
      homeDevices,
      automations,
      homeAlerts,
      vendors: vendorService,
      sessions: sessionRepository,
      erasures: accountDeletions.erasures,
      assistantDevices,
      tellAssistants: () => {
        assistantFarewells.trigger();
      },
      publishDeletions: accountDeletions.publish,
      audit,
      clock,
      onPublishFailed: accountDeletions.onPublishFailed,
    }),
    accountDeletions,
    assistantFarewells,
    homes: homeService,
    invitations: createInvitationService({ invitations, homes, vendorMembers, users, audit, clock }),
    vendors: vendorService,
    apiKeys: createApiKeyService({ apiKeys: createPgApiKeyRepository(deps.pool), access, audit, clock }),
    homeDevices,
    homeAlerts,
    vendorAlerts: createVendorAlertService({ alerts, access, audit, clock }),
    vendorAnalytics: createVendorAnalyticsService({
      analytics: createAnalyticsApiDirectory(analyticsApi),
      access,
    }),
    ownerDevices: ownerDeviceService,
    assistantDevices,
    alexa,
    google,
    googleFulfillment: google.fulfillment,
    deviceHistory: createDeviceHistoryService({
      homes,
      devices: ownerDevices,
      history: deps.deviceHistory,
      clock,
    }),
    vendorDeviceClaims: createVendorDeviceClaimService({ access, devices: deviceClaims, audit, clock }),
    vendorCatalog: createVendorCatalogService({
      catalog: createBrokerApiProductCatalog(brokerApi, shared.invalidations),
      access,
      audit,
      clock,
    }),
    vendorDevices: createVendorDeviceService({
      devices: createBrokerApiVendorDevices(brokerApi),
      access,
      audit,
      clock,
    }),
    notifications: createNotificationSettingsService({
      settings: createNotificationsApiSettings(notificationsApi),
      audit,
      clock,
    }),
    audit: createAuditService({ reader: createPgAuditReader(deps.pool), homes, vendorMembers }),
    webhooks: createWebhookService({
      endpoints: shared.webhooks,
      deliveryLog: createNotificationsApiWebhooks(notificationsApi),
      homes,
      access,
      audit,
      clock,
      settings: {
        allowHttp: config.WEBHOOK_ALLOW_HTTP,
        allowPrivateHosts: config.WEBHOOK_ALLOW_PRIVATE_HOSTS,
        maxEndpointsPerOwner: config.WEBHOOK_MAX_ENDPOINTS_PER_OWNER,
      },
    }),
    oauth,
    locations: createLocationService({
      zones: createPgHomeZones(deps.pool),
      userZones,
      publisher: createBusLocationFixes(deps.bus),
      clock,
    }),
    ownTracksCredentials: createOwnTracksCredentialService({
      credentials: createPgOwnTracksCredentialRepository(deps.pool),
      audit,
      clock,
    }),
    automations,
    userZones: createUserZoneService({ zones: userZones, audit, clock }),
    operations: createOperations(config, deps, audit, clock),
    locationPrivacy: createLocationPrivacyService({
      homes,
      privacy: createGeofencingApiPrivacy(geofencingApi),
      audit,
      clock,
    }),
    /**
     * Their pooled connections end with the app (fastify's onClose, after the last request; the assistants'
     * reporters stopped before it).
     */
    closeInternalApis: async () => {
      await Promise.all(
        [notificationsApi, alertsApi, geofencingApi, analyticsApi, assistantGateway].map((transport) =>
          transport.close(),
        ),
      );
    },
  };
}

/** Builds public-api's HTTP app (not listening): the ops routes, the OpenAPI document and the `/v1` routes. */
export async function buildPublicApiApp(
  config: PublicApiSettings,
  deps: PublicApiDeps,
  deferred: DeferredWork,
  live: Live,
  shared: SharedAdapters,
): Promise<{
  readonly app: HttpApp;
  readonly assistantDevices: AssistantDevices;
  readonly alexa: Alexa;
  readonly google: GoogleHome;
  readonly accountDeletions: AccountDeletions;
  readonly assistantFarewells: PeriodicTask;
}> {
  const { redis } = deps;
  const trustProxy = parseTrustProxy(config.TRUST_PROXY);
  const app = await buildHttpApp({
    service: 'public-api',
    logger: deps.logger,
    metrics: deps.metrics,
    openapi: {
      version: '1.0.0',
      openapiVersion: '3.1.0',
      description:
        'The public API for people, vendors and third parties: accounts, sessions, homes, devices, vendor ' +
        'members, API keys and operations, OAuth 2.0. Errors are `{ code, message, requestId }`.',
      securitySchemes: {
        ...bearerSecurityScheme,
        ...apiKeySecurityScheme,
        ...oauthSecurityScheme(config.JWT_ISSUER),
        ...ownTracksSecurityScheme,
      },
      webhooks: webhookDeliveriesOpenApi,
    },
    readinessChecks: readinessChecksOf(deps),
    ...(trustProxy !== undefined && { trustProxy }),
  });
  const rateLimits = await registerRateLimits(app, {
    settings: config,
    metrics: deps.metrics,
    ...(redis !== undefined && { redis }),
  });
  const { closeInternalApis, alexa, google, accountDeletions, assistantFarewells, ...services } =
    await createServices(config, deps, shared, live);
  app.addHook('onClose', closeInternalApis);
  await registerApiRoutes(app, {
    ...services,
    alexa: alexa.service,
    deferred,
    rateLimits,
    live: { streams: live.streams, settings: live.httpSettings },
    ownTracksUrl: new URL('/v1/owntracks', config.JWT_ISSUER).toString(),
    mapTilesUrl: config.CONSOLE_MAP_TILES_URL,
  });
  if (config.CONSOLE_DIR !== undefined)
    await serveConsoleFiles(app, config.CONSOLE_DIR, config.CONSOLE_MAP_TILES_URL);
  return {
    app,
    assistantDevices: services.assistantDevices,
    alexa,
    google,
    accountDeletions,
    assistantFarewells,
  };
}

/** Wires and starts public-api. */
export async function startPublicApi(
  config: PublicApiSettings,
  deps: PublicApiDeps,
): Promise<RunningPublicApi> {
  const deferred = createDeferredWork({ maxPending: maxDeferredWork, metrics: deps.metrics });
  const shared = createSharedAdapters(config, deps);
  const live = createLive(config, {
    homes: shared.homes,
    redis: deps.redis,
    brokerApi: shared.brokerApi,
    devices: shared.devices,
  });
  const { app, assistantDevices, alexa, google, accountDeletions, assistantFarewells } =
    await buildPublicApiApp(config, deps, deferred, live, shared);
  const liveEvents = await live.consume(deps.bus);
  const clock = deps.clock ?? systemClock;
  const webhookConsumers = await consumeWebhooks({
    endpoints: shared.webhooks,
    bus: deps.bus,
    deviceHomes: live.deviceHomes,
    clock,
  });
  const alertNotices = await consumeAlertNotices({ pool: deps.pool, bus: deps.bus, clock });
  const presenceNotices = await consumePresenceNotices({ pool: deps.pool, bus: deps.bus, clock });
  const alexaChangeReports = await alexa.consume(deps.bus, live.deviceHomes);
  const homeGraphReports = await google.consume(deps.bus, live.deviceHomes);
  await accountDeletions.relay.start();
  await assistantFarewells.start();
  // Listens last, as every service does: once it answers, `main` has returned and its signal handlers are
  // set, so a SIGTERM right after the first probe stops it cleanly instead of killing it mid-start.
  const http = await startHttpServer(app, { host: config.HTTP_HOST, port: config.HTTP_PORT });
  return {
    http,
    assistantDevices,
    async close() {
      // The open streams first: the server waits for them, and their clients resume on another replica.
      await live.streams.closeAll();
      // Before the app's close ends the assistants' gateway client: a round in progress ends first.
      await assistantFarewells.stop();
      await http.close();
      await accountDeletions.relay.stop();
      // The consumers before the broker-api connections their device-home lookups use (shared.close).
      await homeGraphReports.close();
      await alexaChangeReports.close();
      await presenceNotices.close();
      await alertNotices.close();
      await webhookConsumers.close();
      await liveEvents.close();
      await live.confirmations.close();
      await deferred.settle();
      await shared.close();
    },
  };
}
