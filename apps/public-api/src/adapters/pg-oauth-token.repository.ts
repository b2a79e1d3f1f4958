import type { ApiScope } from '@homeport/contracts';
import { inTransaction, queryRows, type SqlQueryable } from '@homeport/storage';
import type { AuthorizationCode, NewAccessToken, OAuthTokenRepository } from '../domain/oauth';
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
  code_challenge: string;
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

async function endGrant(db: SqlQueryable, grantId: string, reason: string, now: Date): Promise<void> {
  await queryRows(
    db,
    'UPDATE public_api.oauth_grants SET ended_at = $3, end_reason = $2 WHERE id = $1 AND ended_at IS NULL',
    [grantId, reason, now],
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

    async revokeClientToken(tokenHash, clientId, now) {
      const access = await queryRows<{ client_id: string }>(
        pool,
        'SELECT client_id FROM public_api.oauth_access_tokens WHERE token_hash = $1',
        [tokenHash],
      );
      if (access[0] !== undefined) {
        if (access[0].client_id !== clientId) return 'other-client';
        await queryRows(
          pool,
          'UPDATE public_api.oauth_access_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL',
          [tokenHash, now],
        );
        return 'revoked';
      }
      // RFC 7009 §2.1: revoking a refresh token revokes its grant, and with it the grant's access tokens.
      const refresh = await queryRows<{ grant_id: string; client_id: string }>(
        pool,
        `SELECT g.id AS grant_id, g.client_id FROM public_api.oauth_refresh_tokens r
         JOIN public_api.oauth_grants g ON g.id = r.grant_id WHERE r.token_hash = $1`,
        [tokenHash],
      );
      if (refresh[0] === undefined) return 'unknown';
      if (refresh[0].client_id !== clientId) return 'other-client';
      await endGrant(pool, refresh[0].grant_id, 'revoked_by_client', now);
      return 'revoked';
    },

    async listUserAuthorizations(userId, now) {
      const rows = await queryRows<{
        client_id: string;
        client_name: string;
        vendor_id: string;
        scopes: ApiScope[];
        authorized_at: Date;
      }>(
        pool,
        `SELECT g.client_id, c.name AS client_name, c.vendor_id,
           array_agg(DISTINCT s.scope ORDER BY s.scope) AS scopes, min(g.created_at) AS authorized_at
         FROM public_api.oauth_grants g
         JOIN public_api.oauth_clients c ON c.id = g.client_id
         CROSS JOIN LATERAL unnest(g.scopes) AS s(scope)
         WHERE g.user_id = $1 AND g.ended_at IS NULL AND g.expires_at > $2
         GROUP BY g.client_id, c.name, c.vendor_id
         ORDER BY authorized_at, g.client_id`,
        [userId, now],
      );
      return rows.map((row) => ({
        clientId: row.client_id,
        clientName: row.client_name,
        vendorId: row.vendor_id,
        scopes: row.scopes,
        authorizedAt: row.authorized_at,
      }));
    },

    endUserGrants(userId, clientId, now) {
      return inTransaction(pool, async (db) => {
        // A code approved but not yet exchanged would become a grant after the revocation: used up too.
        await queryRows(
          db,
          'UPDATE public_api.oauth_codes SET used_at = $3 WHERE user_id = $1 AND client_id = $2 AND used_at IS NULL',
          [userId, clientId, now],
        );
        const rows = await queryRows<{ id: string; vendor_id: string }>(
          db,
          `UPDATE public_api.oauth_grants g SET ended_at = $3, end_reason = 'revoked_by_user'
           FROM public_api.oauth_clients c
           WHERE c.id = g.client_id AND g.user_id = $1 AND g.client_id = $2 AND g.ended_at IS NULL
             AND g.expires_at > $3
           RETURNING g.id, c.vendor_id`,
          [userId, clientId, now],
        );
        const vendorId = rows[0]?.vendor_id;
        return vendorId === undefined ? undefined : { vendorId, grantIds: rows.map((row) => row.id) };
      });
    },
  };
}
