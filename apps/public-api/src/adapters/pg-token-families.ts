import { inTransaction, queryRows, type SqlQueryable } from '@homeport/storage';
import type { RotationOutcome } from '../domain/sessions';
import type { Pool } from './postgres';

/**
 * A family of single-use refresh tokens: a session (`sessions` / `refresh_tokens`) or a user's OAuth grant
 * (`oauth_grants` / `oauth_refresh_tokens`). Both tables have the same columns where rotation needs them.
 */
export interface TokenFamilyTables {
  readonly families: 'sessions' | 'oauth_grants';
  readonly tokens: 'refresh_tokens' | 'oauth_refresh_tokens';
  readonly familyColumn: 'session_id' | 'grant_id';
}

interface PresentedRow {
  family_id: string;
  used_at: Date | null;
  user_id: string;
  expires_at: Date;
  ended_at: Date | null;
}

/** Adds a refresh token to a family. */
export async function addFamilyToken(
  db: SqlQueryable,
  tables: TokenFamilyTables,
  familyId: string,
  tokenHash: string,
): Promise<void> {
  await queryRows(
    db,
    `INSERT INTO public_api.${tables.tokens} (token_hash, ${tables.familyColumn}) VALUES ($1, $2)`,
    [tokenHash, familyId],
  );
}

/**
 * In one transaction: an unused token of a live family is marked used and `newTokenHash` joins the family;
 * a used one ends its family (reuse of a stolen or replayed token). With `clientId`, only a grant of that
 * client counts: another client's token is refused and changes nothing.
 */
export function rotateFamilyToken(
  pool: Pool,
  tables: TokenFamilyTables,
  rotation: { tokenHash: string; newTokenHash: string; now: Date; clientId?: string },
): Promise<RotationOutcome> {
  const { families, tokens, familyColumn } = tables;
  const { tokenHash, newTokenHash, now } = rotation;
  return inTransaction(pool, async (db): Promise<RotationOutcome> => {
    // The family row is locked: concurrent refreshes of one family take turns, so the second use of a token
    // always sees the first.
    const rows = await queryRows<PresentedRow>(
      db,
      `SELECT t.${familyColumn} AS family_id, t.used_at, f.user_id, f.expires_at, f.ended_at
       FROM public_api.${tokens} t JOIN public_api.${families} f ON f.id = t.${familyColumn}
       WHERE t.token_hash = $1 ${rotation.clientId === undefined ? '' : 'AND f.client_id = $2'}
       FOR UPDATE OF f, t`,
      rotation.clientId === undefined ? [tokenHash] : [tokenHash, rotation.clientId],
    );
    const presented = rows[0];
    if (presented === undefined || presented.ended_at !== null || presented.expires_at <= now) {
      return { kind: 'refused' };
    }
    if (presented.used_at !== null) {
      await queryRows(
        db,
        `UPDATE public_api.${families} SET ended_at = $2, end_reason = 'refresh_token_reused' WHERE id = $1`,
        [presented.family_id, now],
      );
      return { kind: 'reused', sessionId: presented.family_id };
    }
    await queryRows(db, `UPDATE public_api.${tokens} SET used_at = $2 WHERE token_hash = $1`, [
      tokenHash,
      now,
    ]);
    await addFamilyToken(db, tables, presented.family_id, newTokenHash);
    return {
      kind: 'rotated',
      sessionId: presented.family_id,
      userId: presented.user_id,
      expiresAt: presented.expires_at,
    };
  });
}
