import type { ApiScope } from '@homeport/contracts';
import { inTransaction, queryRows, type SqlQueryable } from '@homeport/storage';
import type { UserAuthorization } from '../domain/oauth';
import type { Pool } from './postgres';

// The statements that end grants and tokens, or list a user's live grants (OAuthTokenRepository's).

/** Ends a live grant: its refresh tokens are refused, and its access tokens with it. */
export async function endGrant(db: SqlQueryable, grantId: string, reason: string, now: Date): Promise<void> {
  await queryRows(
    db,
    'UPDATE public_api.oauth_grants SET ended_at = $3, end_reason = $2 WHERE id = $1 AND ended_at IS NULL',
    [grantId, reason, now],
  );
}

/**
 * Deletes the webhook endpoints the client created for the user once the user authorizes it no more (no
 * live grant left): they must not outlive the authorization. Matching checks the grant too, so an expired
 * grant's endpoints receive nothing before they are deleted.
 */
async function deleteUnauthorizedWebhooks(db: SqlQueryable, userId: string, clientId: string, now: Date) {
  await queryRows(
    db,
    `DELETE FROM public_api.webhook_endpoints e
     WHERE e.user_id = $1 AND e.oauth_client_id = $2
       AND NOT EXISTS (SELECT 1 FROM public_api.oauth_grants g
                       WHERE g.user_id = $1 AND g.client_id = $2 AND g.ended_at IS NULL AND g.expires_at > $3)`,
    [userId, clientId, now],
  );
}

/** RFC 7009: the client's access token, or the grant of its refresh token. */
export async function revokeClientToken(
  pool: Pool,
  tokenHash: string,
  clientId: string,
  now: Date,
): Promise<'revoked' | 'unknown' | 'other-client'> {
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
  const refresh = await queryRows<{ grant_id: string; client_id: string; user_id: string }>(
    pool,
    `SELECT g.id AS grant_id, g.client_id, g.user_id FROM public_api.oauth_refresh_tokens r
     JOIN public_api.oauth_grants g ON g.id = r.grant_id WHERE r.token_hash = $1`,
    [tokenHash],
  );
  const grant = refresh[0];
  if (grant === undefined) return 'unknown';
  if (grant.client_id !== clientId) return 'other-client';
  await inTransaction(pool, async (db) => {
    await endGrant(db, grant.grant_id, 'revoked_by_client', now);
    await deleteUnauthorizedWebhooks(db, grant.user_id, clientId, now);
  });
  return 'revoked';
}

/** The user's live grants, one entry per client with the union of their scopes. */
export async function listUserAuthorizations(
  pool: Pool,
  userId: string,
  now: Date,
): Promise<UserAuthorization[]> {
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
}

/** Ends every live grant of the user to the client, and uses up the codes not yet exchanged. */
export function endUserGrants(
  pool: Pool,
  userId: string,
  clientId: string,
  now: Date,
): Promise<{ vendorId: string; grantIds: string[] } | undefined> {
  return inTransaction(pool, async (db) => {
    // A code approved but not yet exchanged would become a grant after the revocation.
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
    await deleteUnauthorizedWebhooks(db, userId, clientId, now);
    const vendorId = rows[0]?.vendor_id;
    return vendorId === undefined ? undefined : { vendorId, grantIds: rows.map((row) => row.id) };
  });
}
