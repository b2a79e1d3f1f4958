import { queryRows, type SqlPool } from '@homeport/storage';
import type { Recipient, RecipientStore } from '../domain/ports';

interface RecipientRow {
  user_id: string;
  email: string | null;
  email_verified: boolean;
  locale: string | null;
  time_zone: string | null;
  deleted_at: string | null;
}

/** The recipients table (notifications.recipients), fed by public-api's events. */
export function createPostgresRecipients(pool: SqlPool): RecipientStore {
  return {
    async find(userId) {
      const [row] = await queryRows<RecipientRow>(
        pool,
        `SELECT user_id, email, email_verified, locale, time_zone, deleted_at
         FROM notifications.recipients WHERE user_id = $1`,
        [userId],
      );
      return row === undefined ? undefined : toRecipient(row);
    },
    async saveContact(change) {
      // The newest change wins whatever the order events arrive in; a deleted user stays deleted.
      await queryRows(
        pool,
        `INSERT INTO notifications.recipients (user_id, email, email_verified, locale, time_zone, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, email_verified = excluded.email_verified,
           locale = excluded.locale, time_zone = excluded.time_zone, changed_at = excluded.changed_at
         WHERE recipients.deleted_at IS NULL AND recipients.changed_at <= excluded.changed_at`,
        [
          change.userId,
          change.email,
          change.emailVerified,
          change.locale ?? null,
          change.timeZone ?? null,
          change.changedAt,
        ],
      );
    },
    async forget(userId, deletedAt) {
      const cancelled = await queryRows(
        pool,
        `WITH forgotten AS (
           INSERT INTO notifications.recipients (user_id, changed_at, deleted_at) VALUES ($1, $2, $2)
           ON CONFLICT (user_id) DO UPDATE SET email = NULL, email_verified = false, locale = NULL,
             time_zone = NULL, deleted_at = excluded.deleted_at
           RETURNING user_id
         ),
         browsers AS (DELETE FROM notifications.push_subscriptions WHERE user_id = $1),
         devices AS (DELETE FROM notifications.mobile_devices WHERE user_id = $1),
         phone AS (DELETE FROM notifications.phone_numbers WHERE user_id = $1),
         choices AS (DELETE FROM notifications.preferences WHERE user_id = $1)
         UPDATE notifications.outbox SET status = 'cancelled', settled_at = now(), lease_until = NULL
         WHERE user_id = $1 AND status IN ('pending', 'held')
         RETURNING id`,
        [userId, deletedAt],
      );
      return cancelled.length;
    },
  };
}

function toRecipient(row: RecipientRow): Recipient {
  return {
    userId: row.user_id,
    email: row.email ?? undefined,
    emailVerified: row.email_verified,
    locale: row.locale ?? undefined,
    timeZone: row.time_zone ?? undefined,
    deleted: row.deleted_at !== null,
  };
}
