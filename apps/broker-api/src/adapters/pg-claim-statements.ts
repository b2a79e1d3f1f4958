import { queryRows } from '@homeport/storage';
import type { Device, RegistryRepository } from '../domain/registry';
import type { ChangeAnnouncement } from '../domain/device-lifecycle';
import type { DeviceChangeOutbox } from './pg-device-change-outbox';
import { deviceColumns, toDevice, type DeviceRow } from './pg-device-rows';
import type { Pool, Queryable } from './postgres';

type ClaimStatements = Pick<
  RegistryRepository,
  'claimDevice' | 'replaceClaimCode' | 'releaseDevice' | 'transferDevice'
>;

/**
 * Claims, releases and transfers, each one conditional UPDATE: the condition (the code's device is
 * unclaimed; the device is still the owner's) and the change commit together, so of two racing claims of
 * one code, or a claim racing a new code, exactly one wins. A change of hands commits with its event.
 */
export function createClaimStatements(pool: Pool, outbox: DeviceChangeOutbox): ClaimStatements {
  const updateOne = async (db: Queryable, sql: string, params: unknown[]) => {
    const rows = await queryRows<DeviceRow>(db, sql, params);
    return rows[0] && toDevice(rows[0]);
  };
  const changeHands = (sql: string, params: unknown[], announce: ChangeAnnouncement<Device>) =>
    outbox.change((db) => updateOne(db, sql, params), announce);
  return {
    claimDevice: (claimCodeHash, ownerId, announce) =>
      changeHands(
        `UPDATE broker_api.devices SET owner_id = $2, claim_code_hash = NULL
          WHERE claim_code_hash = $1 AND owner_id IS NULL RETURNING ${deviceColumns}`,
        [claimCodeHash, ownerId],
        announce,
      ),
    async replaceClaimCode(id, claimCodeHash) {
      const device = await updateOne(
        pool,
        `UPDATE broker_api.devices SET claim_code_hash = $2 WHERE id = $1 AND owner_id IS NULL
          RETURNING ${deviceColumns}`,
        [id, claimCodeHash],
      );
      if (device !== undefined) return device;
      const owned = await queryRows(pool, 'SELECT 1 FROM broker_api.devices WHERE id = $1', [id]);
      return owned.length > 0 ? 'claimed' : undefined;
    },
    releaseDevice: (id, ownerId, claimCodeHash, announce) =>
      changeHands(
        `UPDATE broker_api.devices SET owner_id = NULL, history_since = now(), claim_code_hash = $3
          WHERE id = $1 AND owner_id = $2 RETURNING ${deviceColumns}`,
        [id, ownerId, claimCodeHash],
        announce,
      ),
    transferDevice: (id, fromOwnerId, toOwnerId, announce) =>
      changeHands(
        `UPDATE broker_api.devices SET owner_id = $3, history_since = now() WHERE id = $1 AND owner_id = $2
          RETURNING ${deviceColumns}`,
        [id, fromOwnerId, toOwnerId],
        announce,
      ),
  };
}
