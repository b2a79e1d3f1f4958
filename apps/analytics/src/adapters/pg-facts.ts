import { queryRows, type SqlPool } from '@homeport/storage';
import type { FactStore } from '../domain/ports';
import { createMessageFactWriter } from './pg-message-facts';

/** The facts in PostgreSQL (schema analytics, migration 001): inserts that ignore what is there already. */
export function createPostgresFacts(pool: SqlPool): FactStore {
  const run = async (sql: string, params: unknown[]) => {
    await queryRows(pool, sql, params);
  };
  return {
    recordRegistration: ({ vendorId, deviceId, productId, at }) =>
      // The latest registration wins: a device id reused after a deletion is the new device's.
      run(
        `INSERT INTO analytics.devices (device_id, vendor_id, product_id, registered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (device_id) DO UPDATE SET vendor_id = excluded.vendor_id, product_id = excluded.product_id,
           registered_at = excluded.registered_at
         WHERE devices.registered_at IS NULL OR devices.registered_at < excluded.registered_at`,
        [deviceId, vendorId, productId, at],
      ),
    recordDeletion: ({ vendorId, deviceId, at }) =>
      run(
        `INSERT INTO analytics.devices (device_id, vendor_id, deleted_at) VALUES ($1, $2, $3)
         ON CONFLICT (device_id) DO UPDATE SET deleted_at = excluded.deleted_at
         WHERE devices.deleted_at IS NULL OR devices.deleted_at < excluded.deleted_at`,
        [deviceId, vendorId, at],
      ),
    recordCredential: ({ deviceId, credentialId, at }) =>
      run(
        `INSERT INTO analytics.device_credentials (credential_id, device_id, issued_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [credentialId, deviceId, at],
      ),
    recordOwner: ({ deviceId, ownerId, at }) =>
      run(
        `INSERT INTO analytics.ownership_changes (device_id, changed_at, owner_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [deviceId, at, ownerId],
      ),
    recordPresence: ({ vendorId, deviceId, online, at }) =>
      run(
        `INSERT INTO analytics.presence (vendor_id, device_id, at, online) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [vendorId, deviceId, at, online],
      ),
    recordMessage: createMessageFactWriter(pool),
    recordAlert: (fact) =>
      run(
        `INSERT INTO analytics.alerts_fired (alert_id, vendor_id, device_id, rule_id, rule_name, fired_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [fact.alertId, fact.vendorId, fact.deviceId, fact.ruleId, fact.ruleName, fact.firedAt],
      ),
    recordFeatureUses: (uses) =>
      run(
        `INSERT INTO analytics.feature_uses (use_id, vendor_id, device_id, kind, name, source, at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
           $7::timestamptz[])
         ON CONFLICT DO NOTHING`,
        [
          uses.map((use) => use.useId),
          uses.map((use) => use.vendorId),
          uses.map((use) => use.deviceId),
          uses.map((use) => use.kind),
          uses.map((use) => use.name),
          uses.map((use) => use.source),
          uses.map((use) => use.at),
        ],
      ),
  };
}
