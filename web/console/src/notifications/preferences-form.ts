import type { NotificationChannel, NotificationPreferences, PreferenceCategory } from './notification-labels';

/** The preferences as the form edits them: a quiet-hours window and a digest time are kept while switched off. */
export interface PreferencesForm {
  readonly channels: NotificationPreferences['channels'];
  readonly quietHoursOn: boolean;
  readonly quietFrom: string;
  readonly quietTo: string;
  readonly digestOn: boolean;
  readonly digestAt: string;
}

/** The form of the preferences public-api answered (defaults for what is off). */
export function toPreferencesForm(preferences: NotificationPreferences): PreferencesForm {
  return {
    channels: preferences.channels,
    quietHoursOn: preferences.quietHours !== null,
    quietFrom: preferences.quietHours?.from ?? '22:00',
    quietTo: preferences.quietHours?.to ?? '07:00',
    digestOn: preferences.digest !== null,
    digestAt: preferences.digest?.at ?? '08:00',
  };
}

/** The body of PUT /v1/account/notifications/preferences. */
export function fromPreferencesForm(form: PreferencesForm): NotificationPreferences {
  return {
    channels: form.channels,
    quietHours: form.quietHoursOn ? { from: form.quietFrom, to: form.quietTo } : null,
    digest: form.digestOn ? { at: form.digestAt } : null,
  };
}

/** The form with `channel` turned on or off for `category`, the channels kept in a stable order. */
export function toggleChannel(
  form: PreferencesForm,
  category: PreferenceCategory,
  channel: NotificationChannel,
  on: boolean,
): PreferencesForm {
  const others = form.channels[category].filter((each) => each !== channel);
  return { ...form, channels: { ...form.channels, [category]: on ? [...others, channel] : others } };
}
