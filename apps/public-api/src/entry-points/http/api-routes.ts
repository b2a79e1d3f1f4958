import type { HttpApp } from '@homeport/http';
import type { AccountDeletionService } from '../../domain/account-deletion-service';
import type { AccountService } from '../../domain/account-service';
import type { AlexaService } from '../../domain/alexa-service';
import type { ApiKeyService } from '../../domain/api-key-service';
import type { AuditService } from '../../domain/audit-service';
import type { AutomationService } from '../../domain/automation-service';
import type { LocationPrivacyService } from '../../domain/location-privacy-service';
import type { DeviceHistoryService } from '../../domain/device-history-service';
import type { GoogleFulfillment } from '../../domain/google-fulfillment';
import type { HomeAlertService } from '../../domain/home-alert-service';
import type { HomeDeviceService } from '../../domain/home-device-service';
import type { HomeService } from '../../domain/home-service';
import type { InvitationService } from '../../domain/invitation-service';
import type { LocationService } from '../../domain/location-service';
import type { UserZoneService } from '../../domain/user-zone-service';
import type { OwnTracksCredentialService } from '../../domain/owntracks-credential-service';
import type { NotificationSettingsService } from '../../domain/notification-settings-service';
import type { OperationsService } from '../../domain/operations-service';
import type { OwnerDeviceService } from '../../domain/owner-device-service';
import type { LiveStreamService } from '../../domain/live-stream-service';
import type { VendorDeviceClaimService } from '../../domain/vendor-device-claim-service';
import type { SessionService } from '../../domain/session-service';
import type { VendorService } from '../../domain/vendor-service';
import type { VendorAlertService } from '../../domain/vendor-alert-service';
import type { VendorAnalyticsService } from '../../domain/vendor-analytics-service';
import type { VendorCatalogService } from '../../domain/vendor-catalog-service';
import type { VendorDeviceService } from '../../domain/vendor-device-service';
import type { WebhookService } from '../../domain/webhook-service';
import type { OAuthServices } from '../../oauth-services';
import { accountCredentialRoutes } from './account-credential.routes';
import { accountRoutes, publicAccountRoutes } from './account.routes';
import { alexaRoutes } from './alexa.routes';
import { apiKeyRoutes } from './api-key.routes';
import { auditRoutes } from './audit.routes';
import { automationRoutes } from './automation.routes';
import { consoleSettingsRoutes } from './console-settings.routes';
import { locationPrivacyRoutes } from './location-privacy.routes';
import { requireAuthentication } from './authenticate';
import type { DeferredWork } from './deferred-work';
import { deviceHistoryRoutes } from './device-history.routes';
import { googleHomeRoutes } from './google-home.routes';
import { homeAlertRuleRoutes } from './home-alert-rule.routes';
import { homeAlertRoutes } from './home-alert.routes';
import { homeDeviceRoutes } from './home-device.routes';
import { homeRoutes } from './home.routes';
import { invitationRoutes } from './invitation.routes';
import { liveRoutes, type LiveHttpSettings } from './live.routes';
import { locationRoutes } from './location.routes';
import { userZoneRoutes } from './user-zone.routes';
import { notificationPhoneRoutes } from './notification-phone.routes';
import { notificationSettingsRoutes } from './notification-settings.routes';
import type { RateLimits } from './rate-limits';
import { oauthClientRoutes } from './oauth-client.routes';
import { oauthEndpoints } from './oauth-endpoints';
import { operationsRoutes } from './operations.routes';
import { ownerDeviceControlRoutes } from './owner-device-control.routes';
import { ownerDeviceRoutes } from './owner-devices.routes';
import { ownTracksRoutes } from './owntracks.routes';
import { publicSessionRoutes, sessionRoutes } from './session.routes';
import { unsubscribeRoutes } from './unsubscribe.routes';
import { vendorAlertRoutes } from './vendor-alert.routes';
import { vendorAnalyticsRoutes } from './vendor-analytics.routes';
import { vendorRoutes } from './vendor.routes';
import { vendorDeviceClaimRoutes } from './vendor-device-claim.routes';
import { vendorCatalogRoutes } from './vendor-catalog.routes';
import { vendorDeviceControlRoutes } from './vendor-device-control.routes';
import { vendorDeviceRoutes } from './vendor-devices.routes';
import { webhookRoutes } from './webhook.routes';

/** What the API routes call. */
export interface ApiRoutesDeps {
  readonly accounts: AccountService;
  readonly accountDeletion: AccountDeletionService;
  readonly sessions: SessionService;
  readonly homes: HomeService;
  readonly invitations: InvitationService;
  readonly vendors: VendorService;
  readonly apiKeys: ApiKeyService;
  readonly homeDevices: HomeDeviceService;
  readonly ownerDevices: OwnerDeviceService;
  readonly deviceHistory: DeviceHistoryService;
  readonly vendorDeviceClaims: VendorDeviceClaimService;
  readonly vendorCatalog: VendorCatalogService;
  readonly vendorDevices: VendorDeviceService;
  readonly homeAlerts: HomeAlertService;
  readonly vendorAlerts: VendorAlertService;
  readonly vendorAnalytics: VendorAnalyticsService;
  readonly audit: AuditService;
  readonly notifications: NotificationSettingsService;
  readonly webhooks: WebhookService;
  readonly deferred: DeferredWork;
  readonly rateLimits: RateLimits;
  readonly oauth: OAuthServices;
  readonly live: { readonly streams: LiveStreamService; readonly settings: LiveHttpSettings };
  readonly locations: LocationService;
  readonly ownTracksCredentials: OwnTracksCredentialService;
  readonly automations: AutomationService;
  readonly locationPrivacy: LocationPrivacyService;
  readonly userZones: UserZoneService;
  /** The platform's health and queues, for its operators. */
  readonly operations: OperationsService;
  /** Alexa's directives (its own token check: the token is inside each directive). */
  readonly alexa: AlexaService;
  /** Google Smart Home's fulfillment (SYNC, QUERY, EXECUTE, DISCONNECT). */
  readonly googleFulfillment: GoogleFulfillment;
  /** Where the OwnTracks app posts, as the credentials' answer tells. */
  readonly ownTracksUrl: string;
  /** The web console's map tiles (CONSOLE_MAP_TILES_URL). */
  readonly mapTilesUrl: string | undefined;
}

/**
 * Registers the `/v1` routes (the public ones, then a scope where every route needs an access token: a
 * session's, an OAuth client's, a personal one or a vendor's API key) and the OAuth endpoints. Every request
 * is limited per address, then, once authenticated, per credential (rate-limits.ts).
 */
export async function registerApiRoutes(app: HttpApp, deps: ApiRoutesDeps): Promise<void> {
  const { accounts, sessions, homes, invitations, vendors, apiKeys, audit, deferred, rateLimits, oauth } =
    deps;
  const { notifications } = deps;
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', rateLimits.limitByAddress);
      await v1.register(publicAccountRoutes, { accounts, deferred });
      await v1.register(publicSessionRoutes, { sessions, rateLimits });
      await v1.register(unsubscribeRoutes, { notifications });
      const { locations, ownTracksCredentials } = deps;
      await v1.register(ownTracksRoutes, { locations, ownTracksCredentials });
      await v1.register(alexaRoutes, { alexa: deps.alexa });
      await v1.register(consoleSettingsRoutes, { mapTilesUrl: deps.mapTilesUrl });
      await v1.register(async (scope) => {
        requireAuthentication(scope, [
          sessions.authenticator,
          oauth.tokens.authenticator,
          oauth.personalTokens.authenticator,
          apiKeys.authenticator,
        ]);
        // After the caller is known: a token that is not valid counts only against its address.
        scope.addHook('onRequest', rateLimits.limitByCaller);
        await scope.register(accountRoutes, { accounts, accountDeletion: deps.accountDeletion });
        await scope.register(sessionRoutes, { sessions });
        await scope.register(homeRoutes, { homes });
        await scope.register(invitationRoutes, { invitations });
        await scope.register(vendorRoutes, { vendors });
        await scope.register(apiKeyRoutes, { apiKeys });
        const { homeDevices, ownerDevices, deviceHistory } = deps;
        await scope.register(homeDeviceRoutes, { homeDevices, ownerDevices });
        await scope.register(ownerDeviceRoutes, { ownerDevices });
        await scope.register(ownerDeviceControlRoutes, { ownerDevices });
        await scope.register(deviceHistoryRoutes, { deviceHistory });
        await scope.register(vendorDeviceClaimRoutes, { vendorDeviceClaims: deps.vendorDeviceClaims });
        await scope.register(vendorCatalogRoutes, { catalog: deps.vendorCatalog });
        await scope.register(vendorDeviceRoutes, { devices: deps.vendorDevices });
        await scope.register(vendorDeviceControlRoutes, { devices: deps.vendorDevices });
        await scope.register(homeAlertRuleRoutes, { alerts: deps.homeAlerts });
        await scope.register(homeAlertRoutes, { alerts: deps.homeAlerts });
        await scope.register(vendorAlertRoutes, { alerts: deps.vendorAlerts });
        await scope.register(vendorAnalyticsRoutes, { analytics: deps.vendorAnalytics });
        await scope.register(auditRoutes, { audit });
        await scope.register(notificationSettingsRoutes, { notifications });
        await scope.register(notificationPhoneRoutes, { notifications });
        await scope.register(webhookRoutes, { webhooks: deps.webhooks });
        await scope.register(liveRoutes, { live: deps.live.streams, settings: deps.live.settings });
        await scope.register(oauthClientRoutes, { oauthClients: oauth.oauthClients });
        await scope.register(accountCredentialRoutes, oauth);
        await scope.register(locationRoutes, {
          locations,
          ownTracksCredentials,
          ownTracksUrl: deps.ownTracksUrl,
        });
        await scope.register(automationRoutes, { automations: deps.automations });
        await scope.register(locationPrivacyRoutes, { privacy: deps.locationPrivacy });
        await scope.register(userZoneRoutes, { zones: deps.userZones });
        await scope.register(googleHomeRoutes, { google: deps.googleFulfillment });
        await scope.register(operationsRoutes, { operations: deps.operations });
      });
    },
    { prefix: '/v1' },
  );
  await app.register(async (endpoints) => {
    endpoints.addHook('onRequest', rateLimits.limitByAddress);
    const loginAttemptsOf: RateLimits['loginAttemptsOf'] = (request, reply) =>
      rateLimits.loginAttemptsOf(request, reply);
    await endpoints.register(oauthEndpoints, { ...oauth, loginAttemptsOf });
  });
}
