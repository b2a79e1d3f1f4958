import type { ApiAnswer } from '../api/console-api';

/** The person's notification preferences, as public-api models them. */
export type NotificationPreferences = ApiAnswer<'/v1/account/notifications/preferences', 'get'>;
/** A category the person chooses channels for. */
export type PreferenceCategory = keyof NotificationPreferences['channels'];
/** A channel a notification can go by. */
export type NotificationChannel = NotificationPreferences['channels'][PreferenceCategory][number];

/** The categories, in the order the page shows them, with what each is about. */
export const preferenceCategories: readonly {
  readonly id: PreferenceCategory;
  readonly label: string;
  readonly hint: string;
}[] = [
  { id: 'alert', label: 'Alerts', hint: "A device's reading crossed one of your alert rules." },
  { id: 'presence', label: 'Presence', hint: 'Someone of the home arrived or left.' },
  { id: 'geofence', label: 'Zones', hint: 'Someone entered or left one of your zones.' },
];

/** Every channel, named as a person would. */
export const channelLabels: Readonly<Record<NotificationChannel, string>> = {
  email: 'Email',
  'web-push': 'Browser',
  'mobile-push': 'Mobile app',
  sms: 'SMS',
};

/** The channels in the order the page shows them. */
export const notificationChannels = Object.keys(channelLabels) as NotificationChannel[];
