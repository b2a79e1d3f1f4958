import type { SessionRepository } from '../domain/sessions';
import { createInvalidatedCache, type CacheLimits } from './invalidated-cache';
import type { Invalidations } from './invalidations';

/**
 * The session repository with each replica remembering the live sessions it checked, so an access token's
 * liveness costs no PostgreSQL query at every request. Ending a session (logout, reuse of a refresh token) or
 * a user's sessions (password change or reset) invalidates them on every replica once PostgreSQL has it;
 * a session's expiry is checked against the clock at each use.
 */
export function createCachedSessions(
  sessions: SessionRepository,
  deps: { readonly invalidations: Invalidations; readonly limits: CacheLimits },
): SessionRepository {
  const { invalidations } = deps;
  const live = createInvalidatedCache<{ userId: string; expiresAt: Date }>(invalidations, deps.limits);
  invalidations.subscribe('session', { onStale: live.drop, onReset: live.dropAll });
  invalidations.subscribe('user-sessions', {
    onStale: (userId) => {
      live.dropWhere((session) => session.userId === userId);
    },
    onReset: live.dropAll,
  });
  return {
    createSession: (session) => sessions.createSession(session),

    async rotateRefreshToken(rotation) {
      const outcome = await sessions.rotateRefreshToken(rotation);
      if (outcome.kind === 'reused') await invalidations.publish('session', outcome.sessionId);
      return outcome;
    },

    async findLiveSession(session) {
      const found = await live.get(session.sessionId, async () => {
        const read = await sessions.findLiveSession(session);
        return read === undefined ? undefined : { userId: session.userId, expiresAt: read.expiresAt };
      });
      if (found === undefined || found.userId !== session.userId) return undefined;
      return found.expiresAt > session.now ? { expiresAt: found.expiresAt } : undefined;
    },

    async endSession(sessionId, reason, now) {
      try {
        await sessions.endSession(sessionId, reason, now);
      } finally {
        await invalidations.publish('session', sessionId);
      }
    },

    async endUserSessions(userId, reason, now, exceptSessionId) {
      try {
        await sessions.endUserSessions(userId, reason, now, exceptSessionId);
      } finally {
        await invalidations.publish('user-sessions', userId);
      }
    },
  };
}
