import type { NotificationChannel, NotificationPreferences } from '@homeport/contracts';

/** A browser registered for Web Push. */
export interface StoredPushSubscription {
  readonly id: string;
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
  readonly label: string | null;
  readonly createdAt: Date;
}

/** An installation of the mobile app. */
export interface StoredMobileDevice {
  readonly id: string;
  readonly platform: 'fcm' | 'apns';
  readonly token: string;
  readonly label: string | null;
  readonly createdAt: Date;
}

/** A user's phone number and whether its code was confirmed. */
export interface StoredPhone {
  readonly phoneNumber: string;
  readonly confirmed: boolean;
}

/** What a confirmation try came to. */
export type PhoneConfirmation = 'confirmed' | 'wrong' | 'expired' | 'exhausted' | 'no-code';

/** Users' preferences (notifications.preferences); a user without a row has the defaults. */
export interface PreferenceStore {
  find(userId: string): Promise<NotificationPreferences | undefined>;
  save(userId: string, preferences: NotificationPreferences): Promise<void>;
}

/**
 * Where users are reached besides their email: browsers, app installations, a phone number. Every method
 * takes the user's id, so one user's call never reads or changes another's address.
 */
export interface AddressBook {
  listPushSubscriptions(userId: string): Promise<StoredPushSubscription[]>;
  /** Adds (or refreshes, same endpoint) a subscription; undefined when the user already has `limit`. */
  addPushSubscription(
    userId: string,
    subscription: Omit<StoredPushSubscription, 'id' | 'createdAt'>,
    limit: number,
  ): Promise<StoredPushSubscription | undefined>;
  removePushSubscription(userId: string, id: string): Promise<boolean>;
  listMobileDevices(userId: string): Promise<StoredMobileDevice[]>;
  /** Adds (or refreshes, same token) a device; undefined when the user already has `limit`. */
  addMobileDevice(
    userId: string,
    device: Omit<StoredMobileDevice, 'id' | 'createdAt'>,
    limit: number,
  ): Promise<StoredMobileDevice | undefined>;
  removeMobileDevice(userId: string, id: string): Promise<boolean>;
  findPhone(userId: string): Promise<StoredPhone | undefined>;
  /** Sets the number, unconfirmed, with a new code (its hash) valid until `expiresAt`. */
  setPhone(userId: string, phoneNumber: string, codeHash: string, expiresAt: Date): Promise<void>;
  /** Counts a try and confirms the number when the hash matches a live code with tries left. */
  confirmPhone(userId: string, codeHash: string, maxAttempts: number): Promise<PhoneConfirmation>;
  removePhone(userId: string): Promise<boolean>;
  /**
   * A provider called the address dead (push subscription 404/410, unregistered token, a number that cannot
   * receive): the subscription or device is removed, the phone unconfirmed. `address` is as the outbox has it.
   */
  forgetAddress(channel: Exclude<NotificationChannel, 'email'>, address: string): Promise<void>;
}
