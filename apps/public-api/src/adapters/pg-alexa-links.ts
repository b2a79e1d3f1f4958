import { queryRows } from '@homeport/storage';
import type { AlexaLink, AlexaLinks, AlexaTokens } from '../domain/alexa-links';
import type { Pool } from './postgres';
import type { TokenCipher } from './token-cipher';

/** A link's tokens as stored: sealed, each bound to its grant and column. */
export interface SealedAlexaTokens {
  readonly access_token: string;
  readonly access_token_expires_at: Date;
  readonly refresh_token: string;
}

/** Opens a link's stored tokens. */
export function openAlexaTokens(cipher: TokenCipher, grantId: string, row: SealedAlexaTokens): AlexaTokens {
  return {
    accessToken: cipher.open(row.access_token, `${grantId} access_token`),
    accessTokenExpiresAt: row.access_token_expires_at,
    refreshToken: cipher.open(row.refresh_token, `${grantId} refresh_token`),
  };
}

interface LinkRow extends SealedAlexaTokens {
  grant_id: string;
  user_id: string;
}

/**
 * The Alexa links in public-api's schema (migration 009), Login with Amazon's tokens sealed by `cipher` (bound
 * to their grant and column); tokens stored before sealing began are read as they are and sealed at their
 * next refresh.
 */
export function createPgAlexaLinks(pool: Pool, cipher: TokenCipher): AlexaLinks {
  const sealed = (grantId: string, tokens: AlexaTokens) => [
    cipher.seal(tokens.accessToken, `${grantId} access_token`),
    tokens.accessTokenExpiresAt,
    cipher.seal(tokens.refreshToken, `${grantId} refresh_token`),
  ];
  const toLink = (row: LinkRow): AlexaLink => ({
    grantId: row.grant_id,
    userId: row.user_id,
    tokens: openAlexaTokens(cipher, row.grant_id, row),
  });
  return {
    async save({ grantId, userId, tokens }) {
      await queryRows(
        pool,
        `INSERT INTO public_api.alexa_links
           (grant_id, user_id, access_token, access_token_expires_at, refresh_token, linked_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (grant_id) DO UPDATE SET access_token = $3, access_token_expires_at = $4,
           refresh_token = $5, linked_at = now()`,
        [grantId, userId, ...sealed(grantId, tokens)],
      );
    },
    async findForHome(homeId, now) {
      const rows = await queryRows<LinkRow & { client_id: string }>(
        pool,
        `SELECT l.grant_id, l.user_id, l.access_token, l.access_token_expires_at, l.refresh_token, g.client_id
         FROM public_api.alexa_links l
         JOIN public_api.home_members m ON m.user_id = l.user_id AND m.home_id = $1
         JOIN public_api.oauth_grants g ON g.id = l.grant_id AND g.ended_at IS NULL AND g.expires_at > $2
         ORDER BY l.grant_id`,
        [homeId, now],
      );
      return rows.map((row) => ({ ...toLink(row), clientId: row.client_id }));
    },
    async updateTokens(grantId, tokens) {
      await queryRows(
        pool,
        `UPDATE public_api.alexa_links
         SET access_token = $2, access_token_expires_at = $3, refresh_token = $4 WHERE grant_id = $1`,
        [grantId, ...sealed(grantId, tokens)],
      );
    },
    async remove(grantId) {
      await queryRows(pool, 'DELETE FROM public_api.alexa_links WHERE grant_id = $1', [grantId]);
    },
  };
}
