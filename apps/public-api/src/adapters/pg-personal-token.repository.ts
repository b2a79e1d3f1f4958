import type { ApiScope } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { PersonalToken, PersonalTokenRepository } from '../domain/personal-tokens';
import type { Pool } from './postgres';

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  scopes: ApiScope[];
  expires_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const columns = 'id, user_id, name, scopes, expires_at, revoked_at, created_at';

const toToken = (row: TokenRow): PersonalToken => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  scopes: row.scopes,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
});

/** Personal access tokens in `public_api.personal_access_tokens`. */
export function createPgPersonalTokenRepository(pool: Pool): PersonalTokenRepository {
  return {
    async insertToken(token, tokenHash) {
      await queryRows(
        pool,
        `INSERT INTO public_api.personal_access_tokens (id, user_id, name, token_hash, scopes, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [token.id, token.userId, token.name, tokenHash, token.scopes, token.expiresAt, token.createdAt],
      );
    },

    async listUserTokens(userId, now) {
      const rows = await queryRows<TokenRow>(
        pool,
        `SELECT ${columns} FROM public_api.personal_access_tokens
         WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
         ORDER BY created_at, id`,
        [userId, now],
      );
      return rows.map(toToken);
    },

    async revokeUserToken(userId, tokenId, now) {
      const rows = await queryRows(
        pool,
        `UPDATE public_api.personal_access_tokens SET revoked_at = $3
         WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id`,
        [userId, tokenId, now],
      );
      return rows.length > 0;
    },

    async findToken(tokenHash) {
      const rows = await queryRows<TokenRow>(
        pool,
        `SELECT ${columns} FROM public_api.personal_access_tokens WHERE token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      return row === undefined ? undefined : { ...toToken(row), revoked: row.revoked_at !== null };
    },
  };
}
