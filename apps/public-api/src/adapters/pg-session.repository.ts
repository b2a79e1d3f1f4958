import { inTransaction, queryRows } from '@homeport/storage';
import type { RotationOutcome, SessionRepository } from '../domain/sessions';
import type { Pool } from './postgres';

interface PresentedRow {
  session_id: string;
  used_at: Date | null;
  user_id: string;
  expires_at: Date;
  ended_at: Date | null;
}

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
        await queryRows(
          db,
          'INSERT INTO public_api.refresh_tokens (token_hash, session_id) VALUES ($1, $2)',
          [refreshTokenHash, id],
        );
      });
    },

    rotateRefreshToken({ tokenHash, newTokenHash, now }) {
      return inTransaction(pool, async (db): Promise<RotationOutcome> => {
        // The session row is locked: concurrent refreshes of one session take turns, so the second use of a
        // token always sees the first.
        const rows = await queryRows<PresentedRow>(
          db,
          `SELECT t.session_id, t.used_at, s.user_id, s.expires_at, s.ended_at
           FROM public_api.refresh_tokens t JOIN public_api.sessions s ON s.id = t.session_id
           WHERE t.token_hash = $1 FOR UPDATE OF s, t`,
          [tokenHash],
        );
        const presented = rows[0];
        if (presented === undefined || presented.ended_at !== null || presented.expires_at <= now) {
          return { kind: 'refused' };
        }
        if (presented.used_at !== null) {
          await queryRows(
            db,
            `UPDATE public_api.sessions SET ended_at = $2, end_reason = 'refresh_token_reused' WHERE id = $1`,
            [presented.session_id, now],
          );
          return { kind: 'reused', sessionId: presented.session_id };
        }
        await queryRows(db, 'UPDATE public_api.refresh_tokens SET used_at = $2 WHERE token_hash = $1', [
          tokenHash,
          now,
        ]);
        await queryRows(
          db,
          'INSERT INTO public_api.refresh_tokens (token_hash, session_id) VALUES ($1, $2)',
          [newTokenHash, presented.session_id],
        );
        return {
          kind: 'rotated',
          sessionId: presented.session_id,
          userId: presented.user_id,
          expiresAt: presented.expires_at,
        };
      });
    },

    async isSessionLive({ sessionId, userId, now }) {
      const rows = await queryRows(
        pool,
        `SELECT 1 FROM public_api.sessions
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL AND expires_at > $3`,
        [sessionId, userId, now],
      );
      return rows.length > 0;
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
