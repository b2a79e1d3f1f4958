import type { NotificationPreferences } from '@homeport/contracts';
import { queryRows, type SqlPool } from '@homeport/storage';
import type { PreferenceStore } from '../domain/preference-ports';

interface PreferencesRow {
  channels: NotificationPreferences['channels'];
  quiet_hours: NotificationPreferences['quietHours'];
  digest: NotificationPreferences['digest'];
}

/** notifications.preferences: one row per user who chose. */
export function createPostgresPreferences(pool: SqlPool): PreferenceStore {
  return {
    async find(userId) {
      const [row] = await queryRows<PreferencesRow>(
        pool,
        'SELECT channels, quiet_hours, digest FROM notifications.preferences WHERE user_id = $1',
        [userId],
      );
      return row === undefined
        ? undefined
        : { channels: row.channels, quietHours: row.quiet_hours, digest: row.digest };
    },
    async save(userId, preferences) {
      await queryRows(
        pool,
        `INSERT INTO notifications.preferences (user_id, channels, quiet_hours, digest) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET channels = excluded.channels, quiet_hours = excluded.quiet_hours,
           digest = excluded.digest, updated_at = now()`,
        [
          userId,
          JSON.stringify(preferences.channels),
          JSON.stringify(preferences.quietHours),
          JSON.stringify(preferences.digest),
        ],
      );
    },
  };
}
