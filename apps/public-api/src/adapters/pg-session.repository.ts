import { inTransaction, queryRows } from '@homeport/storage';
import type { SessionRepository } from '../domain/sessions';
import { addFamilyToken, rotateFamilyToken, type TokenFamilyTables } from './pg-token-families';
import type { Pool } from './postgres';

const sessionFamilies: TokenFamilyTables = {
  families: 'sessions',
  tokens: 'refresh_tokens',
  familyColumn: 'session_id',
};

/** Sessions and their refresh tokens in PostgreSQL. */
export function createPgSessionRepository(pool: Pool): SessionRepository {
  return {
    async createSession({ id, userId, expiresAt, refreshTokenHash }) {
      await inTransaction(pool, async (db) => {
        await queryRows(db, 'INSERT INTO public_api.sessions (id, user_id, expires_at) VALUES ($1, $2, $3)', [
          id,
          userId,
          expiresAt,
        ]);
        await addFamilyToken(db, sessionFamilies, id, refreshTokenHash);
      });
    },

    rotateRefreshToken(rotation) {
      return rotateFamilyToken(pool, sessionFamilies, rotation);
    },

    async findLiveSession({ sessionId, userId, now }) {
      const rows = await queryRows<{ expires_at: Date }>(
        pool,
        `SELECT expires_at FROM public_api.sessions
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL AND expires_at > $3`,
        [sessionId, userId, now],
      );
      return rows[0] === undefined ? undefined : { expiresAt: rows[0].expires_at };
    },

    async endSession(sessionId, reason, now) {
      await queryRows(
        pool,
        'UPDATE public_api.sessions SET ended_at = $3, end_reason = $2 WHERE id = $1 AND ended_at IS NULL',
        [sessionId, reason, now],
      );
    },

    async endUserSessions(userId, reason, now, exceptSessionId) {
      await queryRows(
        pool,
        `UPDATE public_api.sessions SET ended_at = $3, end_reason = $2
         WHERE user_id = $1 AND ended_at IS NULL AND id IS DISTINCT FROM $4::uuid`,
        [userId, reason, now, exceptSessionId ?? null],
      );
    },
  };
}
