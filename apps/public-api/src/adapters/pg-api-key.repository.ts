import type { ApiScope } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { ApiKey, ApiKeyRepository } from '../domain/api-keys';
import type { VendorScope } from '../domain/vendors';
import type { Pool } from './postgres';

interface ApiKeyRow {
  id: string;
  vendor_id: string;
  name: string;
  scopes: ApiScope[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const keyColumns =
  'id, vendor_id, name, scopes, created_by, created_at, expires_at, last_used_at, revoked_at';

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  vendorId: row.vendor_id,
  name: row.name,
  scopes: row.scopes,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** The vendors the scope's user administers: the only ones whose keys they list and revoke. */
const administered = (scope: VendorScope) =>
  [...scope.roles].filter(([, role]) => role === 'admin').map(([vendorId]) => vendorId);

/** Vendor API keys in `public_api.api_keys`. */
export function createPgApiKeyRepository(pool: Pool): ApiKeyRepository {
  return {
    async insertKey(key) {
      await queryRows(
        pool,
        `INSERT INTO public_api.api_keys (id, vendor_id, name, secret_hash, scopes, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          key.id,
          key.vendorId,
          key.name,
          key.secretHash,
          key.scopes,
          key.createdBy,
          key.createdAt,
          key.expiresAt,
        ],
      );
    },

    async listKeys(scope, vendorId) {
      const rows = await queryRows<ApiKeyRow>(
        pool,
        `SELECT ${keyColumns} FROM public_api.api_keys WHERE vendor_id = $1 AND vendor_id = ANY($2::text[])
         ORDER BY created_at, id`,
        [vendorId, administered(scope)],
      );
      return rows.map(toApiKey);
    },

    async revokeKey(scope, vendorId, keyId, now) {
      const rows = await queryRows(
        pool,
        `UPDATE public_api.api_keys SET revoked_at = $4
         WHERE id = $1 AND vendor_id = $2 AND vendor_id = ANY($3::text[]) AND revoked_at IS NULL
         RETURNING id`,
        [keyId, vendorId, administered(scope), now],
      );
      return rows.length > 0;
    },

    async findKeyForAuthentication(keyId) {
      const rows = await queryRows<ApiKeyRow & { secret_hash: string }>(
        pool,
        `SELECT ${keyColumns}, secret_hash FROM public_api.api_keys WHERE id = $1`,
        [keyId],
      );
      return rows[0] === undefined ? undefined : { ...toApiKey(rows[0]), secretHash: rows[0].secret_hash };
    },

    async touchKey(keyId, now, notBefore) {
      await queryRows(
        pool,
        `UPDATE public_api.api_keys SET last_used_at = $2
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
        [keyId, now, notBefore],
      );
    },
  };
}
