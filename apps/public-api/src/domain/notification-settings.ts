import type {
  ConfirmPhoneNumberRequest,
  CreateMobileDeviceRequest,
  CreatePushSubscriptionRequest,
  DeliveryLogPage,
  DeliveryLogQuery,
  MobileDeviceResponse,
  NotificationPreferences,
  PhoneNumberResponse,
  PushSubscriptionResponse,
  SetPhoneNumberRequest,
  UnsubscribeResponse,
  WebPushKeyResponse,
} from '@homeport/contracts';

/**
 * A user's notification settings, which the notifications service owns: preferences, the browsers and app
 * installations push reaches them at, the phone number SMS go to, and their delivery log. Every call but
 * `unsubscribe` names the user, and reaches that user's data only; an id of another user's is not found.
 */
export interface NotificationSettings {
  preferencesOf(userId: string): Promise<NotificationPreferences>;
  replacePreferences(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences>;
  listPushSubscriptions(userId: string): Promise<PushSubscriptionResponse[]>;
  addPushSubscription(
    userId: string,
    request: CreatePushSubscriptionRequest,
  ): Promise<PushSubscriptionResponse>;
  /** Fails not_found when the user has no such subscription. */
  removePushSubscription(userId: string, id: string): Promise<void>;
  listMobileDevices(userId: string): Promise<MobileDeviceResponse[]>;
  addMobileDevice(userId: string, request: CreateMobileDeviceRequest): Promise<MobileDeviceResponse>;
  /** Fails not_found when the user has no such installation. */
  removeMobileDevice(userId: string, id: string): Promise<void>;
  phoneOf(userId: string): Promise<PhoneNumberResponse>;
  /** Sets the number unconfirmed and sends it a code. */
  setPhone(userId: string, request: SetPhoneNumberRequest): Promise<PhoneNumberResponse>;
  confirmPhone(userId: string, request: ConfirmPhoneNumberRequest): Promise<PhoneNumberResponse>;
  removePhone(userId: string): Promise<void>;
  deliveriesOf(userId: string, query: DeliveryLogQuery): Promise<DeliveryLogPage>;
  /** The VAPID public key browsers subscribe with (null while Web Push is off); the same for everyone. */
  webPushKey(): Promise<WebPushKeyResponse>;
  /** What an email's unsubscribe token (signed by notifications, naming its user) turned off. */
  unsubscribe(token: string): Promise<UnsubscribeResponse>;
}
