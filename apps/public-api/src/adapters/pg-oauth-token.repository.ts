import type { ApiScope } from '@homeport/contracts';
import { inTransaction, queryRows, type SqlQueryable } from '@homeport/storage';
import type { AuthorizationCode, NewAccessToken, OAuthTokenRepository } from '../domain/oauth';
import { endGrant, endUserGrants, listUserAuthorizations, revokeClientToken } from './pg-oauth-grants';
import { addFamilyToken, rotateFamilyToken, type TokenFamilyTables } from './pg-token-families';
import type { Pool } from './postgres';

const grantFamilies: TokenFamilyTables = {
  families: 'oauth_grants',
  tokens: 'oauth_refresh_tokens',
  familyColumn: 'grant_id',
};

interface CodeRow {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  code_challenge: string | null;
  scopes: ApiScope[];
  expires_at: Date;
  used_at: Date | null;
  grant_id: string;
}

const toCode = (row: CodeRow): AuthorizationCode => ({
  codeHash: row.code_hash,
  clientId: row.client_id,
  userId: row.user_id,
  redirectUri: row.redirect_uri,
  codeChallenge: row.code_challenge,
  scopes: row.scopes,
  expiresAt: row.expires_at,
  grantId: row.grant_id,
});

async function insertAccessToken(
  db: SqlQueryable,
  token: NewAccessToken,
  owner: { clientId: string; grantId: string | null; scopes: readonly ApiScope[] },
): Promise<void> {
  await queryRows(
    db,
    `INSERT INTO public_api.oauth_access_tokens (token_hash, client_id, grant_id, scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [token.tokenHash, owner.clientId, owner.grantId, owner.scopes, token.expiresAt],
  );
}

/** Codes, grants and their tokens in PostgreSQL (`public_api.oauth_*`). */
export function createPgOAuthTokenRepository(pool: Pool): OAuthTokenRepository {
  return {
    async saveCode(code) {
      await queryRows(
        pool,
        `INSERT INTO public_api.oauth_codes
           (code_hash, client_id, user_id, redirect_uri, code_challenge, scopes, expires_at, grant_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          code.codeHash,
          code.clientId,
          code.userId,
          code.redirectUri,
          code.codeChallenge,
          code.scopes,
          code.expiresAt,
          code.grantId,
        ],
      );
    },

    exchangeCode({ codeHash, clientId, now, check, grantExpiresAt, refreshTokenHash, accessToken }) {
      return inTransaction(pool, async (db) => {
        // Locked: two exchanges of one code take turns, so the second always sees the first's mark.
        const rows = await queryRows<CodeRow>(
          db,
          'SELECT * FROM public_api.oauth_codes WHERE code_hash = $1 AND client_id = $2 FOR UPDATE',
          [codeHash, clientId],
        );
        const row = rows[0];
        if (row === undefined) return { kind: 'refused' } as const;
        if (row.used_at !== null) {
          await endGrant(db, row.grant_id, 'code_reused', now);
          return { kind: 'reused' } as const;
        }
        await queryRows(db, 'UPDATE public_api.oauth_codes SET used_at = $2 WHERE code_hash = $1', [
          codeHash,
          now,
        ]);
        const code = toCode(row);
        if (code.expiresAt <= now || !check(code)) return { kind: 'refused' } as const;
        await queryRows(
          db,
          `INSERT INTO public_api.oauth_grants (id, client_id, user_id, scopes, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [code.grantId, clientId, code.userId, code.scopes, grantExpiresAt, now],
        );
        if (refreshTokenHash !== undefined)
          await addFamilyToken(db, grantFamilies, code.grantId, refreshTokenHash);
        await insertAccessToken(db, accessToken, { clientId, grantId: code.grantId, scopes: code.scopes });
        return { kind: 'issued', userId: code.userId, scopes: code.scopes } as const;
      });
    },

    async rotateRefreshToken(rotation) {
      const outcome = await rotateFamilyToken(pool, grantFamilies, rotation);
      return outcome.kind === 'rotated'
        ? { kind: 'rotated', grantId: outcome.sessionId }
        : { kind: outcome.kind };
    },

    async findRefreshTokenScopes(tokenHash, clientId) {
      const rows = await queryRows<{ scopes: ApiScope[] }>(
        pool,
        `SELECT g.scopes FROM public_api.oauth_refresh_tokens r
         JOIN public_api.oauth_grants g ON g.id = r.grant_id WHERE r.token_hash = $1 AND g.client_id = $2`,
        [tokenHash, clientId],
      );
      return rows[0]?.scopes;
    },

    async issueGrantAccessToken(grantId, token, scopes) {
      // The grant's scopes, or the narrower ones asked for (RFC 6749 §6) when the grant holds them all.
      const rows = await queryRows<{ scopes: ApiScope[] }>(
        pool,
        `INSERT INTO public_api.oauth_access_tokens (token_hash, client_id, grant_id, scopes, expires_at)
         SELECT $1, client_id, id, COALESCE($3::text[], scopes), $4 FROM public_api.oauth_grants
         WHERE id = $2 AND ($3::text[] IS NULL OR $3::text[] <@ scopes)
         RETURNING scopes`,
        [token.tokenHash, grantId, scopes ?? null, token.expiresAt],
      );
      return rows[0]?.scopes;
    },

    async issueClientAccessToken(clientId, token, scopes) {
      await insertAccessToken(pool, token, { clientId, grantId: null, scopes });
    },

    async findAccessToken(tokenHash, now) {
      const rows = await queryRows<{
        client_id: string;
        vendor_id: string;
        grant_id: string | null;
        user_id: string | null;
        scopes: ApiScope[];
        expires_at: Date;
        revoked: boolean;
      }>(
        pool,
        `SELECT t.client_id, c.vendor_id, t.grant_id, g.user_id, t.scopes, t.expires_at,
           (t.revoked_at IS NOT NULL OR g.ended_at IS NOT NULL OR g.expires_at <= $2) IS TRUE AS revoked
         FROM public_api.oauth_access_tokens t
         JOIN public_api.oauth_clients c ON c.id = t.client_id
         LEFT JOIN public_api.oauth_grants g ON g.id = t.grant_id
         WHERE t.token_hash = $1`,
        [tokenHash, now],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        clientId: row.client_id,
        vendorId: row.vendor_id,
        grant:
          row.grant_id === null || row.user_id === null ? null : { id: row.grant_id, userId: row.user_id },
        scopes: row.scopes,
        expiresAt: row.expires_at,
        revoked: row.revoked,
      };
    },

    revokeClientToken: (tokenHash, clientId, now) => revokeClientToken(pool, tokenHash, clientId, now),
    listUserAuthorizations: (userId, now) => listUserAuthorizations(pool, userId, now),
    endUserGrants: (userId, clientId, now) => endUserGrants(pool, userId, clientId, now),
  };
}
