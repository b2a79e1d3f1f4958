import { queryRows, type SqlPool } from '@homeport/storage';
import { randomUUID } from 'node:crypto';
import type {
  AddressBook,
  PhoneConfirmation,
  StoredMobileDevice,
  StoredPushSubscription,
} from '../domain/preference-ports';

interface PushRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string | null;
  created_at: Date;
}

interface DeviceRow {
  id: string;
  platform: 'fcm' | 'apns';
  token: string;
  label: string | null;
  created_at: Date;
}

const toSubscription = (row: PushRow): StoredPushSubscription => ({
  id: row.id,
  endpoint: row.endpoint,
  keys: { p256dh: row.p256dh, auth: row.auth },
  label: row.label,
  createdAt: new Date(row.created_at),
});

const toDevice = (row: DeviceRow): StoredMobileDevice => ({
  id: row.id,
  platform: row.platform,
  token: row.token,
  label: row.label,
  createdAt: new Date(row.created_at),
});

// The same endpoint registered again refreshes its keys (the browser renewed them) and keeps its id. The
// count is checked in the statement, so a user cannot pass the limit one request at a time.
const addPushSql = `
  INSERT INTO notifications.push_subscriptions (id, user_id, endpoint, p256dh, auth, label)
  SELECT $1, $2, $3, $4, $5, $6
  WHERE (SELECT count(*) FROM notifications.push_subscriptions WHERE user_id = $2 AND endpoint <> $3) < $7
  ON CONFLICT (user_id, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth,
    label = coalesce(excluded.label, push_subscriptions.label)
  RETURNING id, endpoint, p256dh, auth, label, created_at`;

const addDeviceSql = `
  INSERT INTO notifications.mobile_devices (id, user_id, platform, token, label)
  SELECT $1, $2, $3, $4, $5
  WHERE (SELECT count(*) FROM notifications.mobile_devices
         WHERE user_id = $2 AND NOT (platform = $3 AND token = $4)) < $6
  ON CONFLICT (user_id, platform, token) DO UPDATE SET label = coalesce(excluded.label, mobile_devices.label)
  RETURNING id, platform, token, label, created_at`;

// One statement counts the try and decides, so concurrent tries cannot get more than maxAttempts between them.
const confirmSql = `
  UPDATE notifications.phone_numbers SET
    code_attempts = code_attempts + 1,
    confirmed = (code_hash = $2 AND code_expires_at > now() AND code_attempts < $3),
    code_hash = CASE WHEN code_hash = $2 AND code_expires_at > now() AND code_attempts < $3 THEN NULL ELSE code_hash END,
    updated_at = now()
  WHERE user_id = $1 AND NOT confirmed AND code_hash IS NOT NULL
  RETURNING confirmed, code_attempts, code_expires_at <= now() AS expired`;

/** Browsers, app installations and phone numbers (notifications schema), every query scoped by user. */
export function createPostgresAddressBook(pool: SqlPool): AddressBook {
  return {
    async listPushSubscriptions(userId) {
      const rows = await queryRows<PushRow>(
        pool,
        `SELECT id, endpoint, p256dh, auth, label, created_at FROM notifications.push_subscriptions
         WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toSubscription);
    },
    async addPushSubscription(userId, subscription, limit) {
      const { endpoint, keys, label } = subscription;
      const [row] = await queryRows<PushRow>(pool, addPushSql, [
        randomUUID(),
        userId,
        endpoint,
        keys.p256dh,
        keys.auth,
        label,
        limit,
      ]);
      return row === undefined ? undefined : toSubscription(row);
    },
    async removePushSubscription(userId, id) {
      const rows = await queryRows(
        pool,
        'DELETE FROM notifications.push_subscriptions WHERE user_id = $1 AND id = $2 RETURNING id',
        [userId, id],
      );
      return rows.length > 0;
    },
    async listMobileDevices(userId) {
      const rows = await queryRows<DeviceRow>(
        pool,
        `SELECT id, platform, token, label, created_at FROM notifications.mobile_devices
         WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toDevice);
    },
    async addMobileDevice(userId, device, limit) {
      const params = [randomUUID(), userId, device.platform, device.token, device.label, limit];
      const [row] = await queryRows<DeviceRow>(pool, addDeviceSql, params);
      return row === undefined ? undefined : toDevice(row);
    },
    async removeMobileDevice(userId, id) {
      const rows = await queryRows(
        pool,
        'DELETE FROM notifications.mobile_devices WHERE user_id = $1 AND id = $2 RETURNING id',
        [userId, id],
      );
      return rows.length > 0;
    },
    async findPhone(userId) {
      const [row] = await queryRows<{ phone_number: string; confirmed: boolean }>(
        pool,
        'SELECT phone_number, confirmed FROM notifications.phone_numbers WHERE user_id = $1',
        [userId],
      );
      return row === undefined ? undefined : { phoneNumber: row.phone_number, confirmed: row.confirmed };
    },
    async setPhone(userId, phoneNumber, codeHash, expiresAt) {
      await queryRows(
        pool,
        `INSERT INTO notifications.phone_numbers (user_id, phone_number, code_hash, code_expires_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET phone_number = excluded.phone_number, confirmed = false,
           code_hash = excluded.code_hash, code_expires_at = excluded.code_expires_at, code_attempts = 0,
           updated_at = now()`,
        [userId, phoneNumber, codeHash, expiresAt],
      );
    },
    async confirmPhone(userId, codeHash, maxAttempts): Promise<PhoneConfirmation> {
      const [row] = await queryRows<{ confirmed: boolean; code_attempts: number; expired: boolean }>(
        pool,
        confirmSql,
        [userId, codeHash, maxAttempts],
      );
      if (row === undefined) return 'no-code';
      if (row.confirmed) return 'confirmed';
      if (row.code_attempts > maxAttempts) return 'exhausted';
      return row.expired ? 'expired' : 'wrong';
    },
    async removePhone(userId) {
      const rows = await queryRows(
        pool,
        'DELETE FROM notifications.phone_numbers WHERE user_id = $1 RETURNING user_id',
        [userId],
      );
      return rows.length > 0;
    },
    async forgetAddress(channel, address) {
      const statements = {
        'web-push': 'DELETE FROM notifications.push_subscriptions WHERE id::text = $1',
        'mobile-push': 'DELETE FROM notifications.mobile_devices WHERE id::text = $1',
        sms: `UPDATE notifications.phone_numbers SET confirmed = false, updated_at = now()
              WHERE phone_number = $1`,
      };
      await queryRows(pool, statements[channel], [address]);
    },
  };
}
