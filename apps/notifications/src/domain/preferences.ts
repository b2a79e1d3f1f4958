import type { NotificationChannel, NotificationPreferences, PreferenceCategory } from '@homeport/contracts';
import type { RecipientStore } from './ports';
import type { AddressBook, PreferenceStore } from './preference-ports';

/** The channels a user has a usable address on (verified email, a browser, an app, a confirmed phone). */
export async function findReachableChannels(
  deps: { readonly recipients: RecipientStore; readonly addresses: AddressBook },
  userId: string,
): Promise<Set<NotificationChannel>> {
  const [recipient, browsers, devices, phone] = await Promise.all([
    deps.recipients.find(userId),
    deps.addresses.listPushSubscriptions(userId),
    deps.addresses.listMobileDevices(userId),
    deps.addresses.findPhone(userId),
  ]);
  const reachable = new Set<NotificationChannel>();
  if (recipient?.email !== undefined && recipient.emailVerified) reachable.add('email');
  if (browsers.length > 0) reachable.add('web-push');
  if (devices.length > 0) reachable.add('mobile-push');
  if (phone?.confirmed === true) reachable.add('sms');
  return reachable;
}

/**
 * The preferences of a user who chose none: alerts on every channel they can be reached on but SMS (it
 * costs, so it is asked for); presence and geofencing on push only; no quiet hours; the digest at 08:00.
 */
export function defaultPreferences(reachable: ReadonlySet<NotificationChannel>): NotificationPreferences {
  const push = (['web-push', 'mobile-push'] as const).filter((channel) => reachable.has(channel));
  return {
    channels: {
      alert: [...reachable].filter((channel) => channel !== 'sms'),
      presence: push,
      geofence: [...push],
    },
    quietHours: null,
    digest: { at: '08:00' },
  };
}

/** A user's preferences and the changes they make to them. */
export interface Preferences {
  /** The stored preferences, or the defaults for the addresses the user has now. */
  get(userId: string): Promise<NotificationPreferences>;
  put(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences>;
  /** Takes the channel out of the category (the defaults are stored first when the user had none). */
  removeChannel(userId: string, category: PreferenceCategory, channel: NotificationChannel): Promise<void>;
}

/** The preferences use cases over their store. */
export function createPreferences(deps: {
  readonly store: PreferenceStore;
  readonly recipients: RecipientStore;
  readonly addresses: AddressBook;
}): Preferences {
  const get = async (userId: string) =>
    (await deps.store.find(userId)) ?? defaultPreferences(await findReachableChannels(deps, userId));
  return {
    get,
    async put(userId, preferences) {
      await deps.store.save(userId, preferences);
      return preferences;
    },
    async removeChannel(userId, category, channel) {
      const current = await get(userId);
      const channels = { ...current.channels };
      channels[category] = channels[category].filter((kept) => kept !== channel);
      await deps.store.save(userId, { ...current, channels });
    },
  };
}
