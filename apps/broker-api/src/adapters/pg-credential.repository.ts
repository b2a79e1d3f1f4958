import { AppError } from '@homeport/errors';
import type { Credential, CredentialRepository, DeviceAuthRecord, Revocation } from '../domain/credentials';
import { firstRow, inTransaction, queryRows } from '@homeport/storage';
import { type Pool, type Queryable } from './postgres';

interface CredentialRow {
  id: string;
  device_id: string;
  created_at: Date;
  revoked_at: Date | null;
}

const columns = 'id, device_id, created_at, revoked_at';
const toCredential = (row: CredentialRow): Credential => ({
  id: row.id,
  deviceId: row.device_id,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/**
 * Revokes the device's active credentials (or only `credentialId`) and logs them for the revocation sweep,
 * in the caller's transaction.
 */
async function revokeActive(
  db: Queryable,
  deviceId: string,
  credentialId?: string,
): Promise<CredentialRow[]> {
  return queryRows<CredentialRow>(
    db,
    `WITH revoked AS (
        UPDATE broker_api.device_credentials SET revoked_at = now()
        WHERE device_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR id = $2)
        RETURNING ${columns}
      ), logged AS (
        INSERT INTO broker_api.credential_revocations (credential_id, device_id) SELECT id, device_id FROM revoked
      )
      SELECT * FROM revoked`,
    [deviceId, credentialId ?? null],
  );
}

/** Device credentials and the revocation log in PostgreSQL. */
export function createPgCredentialRepository(pool: Pool): CredentialRepository {
  return {
    insert: (credential, { replaceActive, beforeCommit }) =>
      inTransaction(pool, async (db) => {
        // Locking the device serialises concurrent issues and rotations of one device.
        const devices = await queryRows<{ vendor_id: string }>(
          db,
          'SELECT vendor_id FROM broker_api.devices WHERE id = $1 FOR UPDATE',
          [credential.deviceId],
        );
        const device = devices[0];
        if (device === undefined) {
          throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${credential.deviceId} not found`);
        }
        if (replaceActive) {
          await revokeActive(db, credential.deviceId);
        } else {
          const active = await queryRows(
            db,
            'SELECT id FROM broker_api.device_credentials WHERE device_id = $1 AND revoked_at IS NULL',
            [credential.deviceId],
          );
          if (active.length > 0) {
            throw new AppError(
              'conflict',
              'CREDENTIAL_EXISTS',
              'the device has an active credential; rotate it',
            );
          }
        }
        const rows = await queryRows<CredentialRow>(
          db,
          `INSERT INTO broker_api.device_credentials (id, device_id, secret_hash) VALUES ($1, $2, $3)
            RETURNING ${columns}`,
          [credential.id, credential.deviceId, credential.secretHash],
        );
        const stored = toCredential(firstRow(rows));
        await beforeCommit({ ...stored, vendorId: device.vendor_id });
        return stored;
      }),

    async list(deviceId) {
      const device = await queryRows(pool, 'SELECT 1 FROM broker_api.devices WHERE id = $1', [deviceId]);
      if (device.length === 0) return undefined;
      const rows = await queryRows<CredentialRow>(
        pool,
        `SELECT ${columns} FROM broker_api.device_credentials WHERE device_id = $1 ORDER BY created_at DESC`,
        [deviceId],
      );
      return rows.map(toCredential);
    },

    revoke: (deviceId, credentialId) =>
      inTransaction(pool, async (db) => {
        const revoked = await revokeActive(db, deviceId, credentialId);
        if (revoked[0] !== undefined) return toCredential(revoked[0]);
        // Revoking twice is fine: answer with the credential as it is.
        const existing = await queryRows<CredentialRow>(
          db,
          `SELECT ${columns} FROM broker_api.device_credentials WHERE device_id = $1 AND id = $2`,
          [deviceId, credentialId],
        );
        return existing[0] && toCredential(existing[0]);
      }),

    async findAuthRecords(deviceIds) {
      const rows = await queryRows<{
        device_id: string;
        vendor_id: string;
        credential_id: string | null;
        secret_hash: Buffer | null;
      }>(
        pool,
        `SELECT d.id AS device_id, d.vendor_id, c.id AS credential_id, c.secret_hash
          FROM broker_api.devices d
          LEFT JOIN broker_api.device_credentials c ON c.device_id = d.id AND c.revoked_at IS NULL
          WHERE d.id = ANY($1::text[])`,
        [deviceIds],
      );
      const records = new Map<string, DeviceAuthRecord>();
      for (const row of rows) {
        const record = records.get(row.device_id) ?? {
          deviceId: row.device_id,
          vendorId: row.vendor_id,
          credentials: [],
        };
        const credentials =
          row.credential_id === null || row.secret_hash === null
            ? record.credentials
            : [...record.credentials, { id: row.credential_id, secretHash: row.secret_hash }];
        records.set(row.device_id, { ...record, credentials });
      }
      return records;
    },

    async listRevokedSince(since) {
      const rows = await queryRows<{
        queried_at: Date;
        credential_id: string | null;
        device_id: string | null;
      }>(
        pool,
        `SELECT q.now AS queried_at, r.credential_id, r.device_id
          FROM (SELECT clock_timestamp() AS now) q
          LEFT JOIN broker_api.credential_revocations r ON r.revoked_at > $1::timestamptz`,
        [since ?? 'infinity'],
      );
      const revocations: Revocation[] = rows.flatMap((row) =>
        row.credential_id === null || row.device_id === null
          ? []
          : [{ credentialId: row.credential_id, deviceId: row.device_id }],
      );
      return { revocations, queriedAt: firstRow(rows).queried_at };
    },

    async pruneRevocations(before) {
      await queryRows(pool, 'DELETE FROM broker_api.credential_revocations WHERE revoked_at < $1', [before]);
    },
  };
}
