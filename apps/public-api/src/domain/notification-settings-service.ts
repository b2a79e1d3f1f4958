import type {
  ConfirmPhoneNumberRequest,
  CreateMobileDeviceRequest,
  CreatePushSubscriptionRequest,
  DeliveryLogQuery,
  NotificationPreferences,
  SetPhoneNumberRequest,
} from '@homeport/contracts';
import type { AuditEvent, AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { NotificationSettings } from './notification-settings';

/** What the notification settings use cases need. */
export interface NotificationSettingsServiceDeps {
  readonly settings: NotificationSettings;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/**
 * The caller's own notification settings: every use case takes the user id from the caller, never from the
 * request, so no one reaches another's. Changes are audited as the account's other changes are (no home, no
 * vendor; never an address, a key or a code in the details).
 */
export function createNotificationSettingsService(deps: NotificationSettingsServiceDeps) {
  const { settings, audit, clock } = deps;
  const record = (caller: UserCaller, action: string, details?: AuditEvent['details']) =>
    audit.record({
      caller,
      at: clock.now(),
      action,
      outcome: 'succeeded',
      ...(details !== undefined && { details }),
    });
  return {
    preferences: (caller: UserCaller) => settings.preferencesOf(caller.userId),

    async replacePreferences(caller: UserCaller, preferences: NotificationPreferences) {
      const replaced = await settings.replacePreferences(caller.userId, preferences);
      await record(caller, 'notification-preferences.changed', {
        alert: replaced.channels.alert,
        presence: replaced.channels.presence,
        geofence: replaced.channels.geofence,
        quietHours:
          replaced.quietHours === null ? null : `${replaced.quietHours.from}-${replaced.quietHours.to}`,
        digestAt: replaced.digest?.at ?? null,
      });
      return replaced;
    },

    /** Not the caller's: the platform's one key, answered to signed-in people only (their browsers need it). */
    webPushKey: () => settings.webPushKey(),

    pushSubscriptions: (caller: UserCaller) => settings.listPushSubscriptions(caller.userId),

    async addPushSubscription(caller: UserCaller, request: CreatePushSubscriptionRequest) {
      const added = await settings.addPushSubscription(caller.userId, request);
      await record(caller, 'push-subscription.added', { id: added.id, origin: added.endpointOrigin });
      return added;
    },

    async removePushSubscription(caller: UserCaller, id: string) {
      await settings.removePushSubscription(caller.userId, id);
      await record(caller, 'push-subscription.removed', { id });
    },

    mobileDevices: (caller: UserCaller) => settings.listMobileDevices(caller.userId),

    async addMobileDevice(caller: UserCaller, request: CreateMobileDeviceRequest) {
      const added = await settings.addMobileDevice(caller.userId, request);
      await record(caller, 'mobile-device.added', { id: added.id, platform: added.platform });
      return added;
    },

    async removeMobileDevice(caller: UserCaller, id: string) {
      await settings.removeMobileDevice(caller.userId, id);
      await record(caller, 'mobile-device.removed', { id });
    },

    phone: (caller: UserCaller) => settings.phoneOf(caller.userId),

    async setPhone(caller: UserCaller, request: SetPhoneNumberRequest) {
      const phone = await settings.setPhone(caller.userId, request);
      await record(caller, 'phone-number.set', { phoneNumber: phone.phoneNumber });
      return phone;
    },

    async confirmPhone(caller: UserCaller, request: ConfirmPhoneNumberRequest) {
      const phone = await settings.confirmPhone(caller.userId, request);
      await record(caller, 'phone-number.confirmed', { phoneNumber: phone.phoneNumber });
      return phone;
    },

    async removePhone(caller: UserCaller) {
      await settings.removePhone(caller.userId);
      await record(caller, 'phone-number.removed');
    },

    deliveries: (caller: UserCaller, query: DeliveryLogQuery) => settings.deliveriesOf(caller.userId, query),

    /** No caller: the token names its user (the email's link); notifications checks its signature. */
    unsubscribe: (token: string) => settings.unsubscribe(token),
  };
}

/** The notification settings use cases. */
export type NotificationSettingsService = ReturnType<typeof createNotificationSettingsService>;
