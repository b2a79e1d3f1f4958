/** What a session's access token says: whose session it is. */
export interface SessionClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/** Why a session ended (kept for the audit log to come). */
export type SessionEndReason =
  'logout' | 'password_changed' | 'password_reset' | 'refresh_token_reused' | 'account_deleted';

/** What presenting a refresh token did. */
export type RotationOutcome =
  | {
      readonly kind: 'rotated';
      readonly sessionId: string;
      readonly userId: string;
      readonly expiresAt: Date;
    }
  /** The token was used before: its whole session (family) is now ended. */
  | { readonly kind: 'reused'; readonly sessionId: string }
  /** Unknown, or its session ended or expired. */
  | { readonly kind: 'refused' };

/** Sessions (refresh token families) and their refresh tokens, stored as hashes. */
export interface SessionRepository {
  createSession(session: {
    id: string;
    userId: string;
    expiresAt: Date;
    refreshTokenHash: string;
  }): Promise<void>;
  /**
   * In one transaction: an unused token of a live session is marked used and `newTokenHash` joins its
   * session; a used one ends its session (reuse of a stolen or replayed token).
   */
  rotateRefreshToken(rotation: {
    tokenHash: string;
    newTokenHash: string;
    now: Date;
  }): Promise<RotationOutcome>;
  /** The session's expiry while it is the user's, not ended and not expired at `now`; undefined otherwise. */
  findLiveSession(session: {
    sessionId: string;
    userId: string;
    now: Date;
  }): Promise<{ expiresAt: Date } | undefined>;
  endSession(sessionId: string, reason: SessionEndReason, now: Date): Promise<void>;
  /** Ends every live session of the user but `exceptSessionId`. */
  endUserSessions(
    userId: string,
    reason: SessionEndReason,
    now: Date,
    exceptSessionId?: string,
  ): Promise<void>;
}

/** Access tokens: signed claims of a user's session. */
export interface AccessTokens {
  issue(claims: SessionClaims): Promise<{ token: string; expiresInSeconds: number }>;
  /** The claims of a valid token; AppError unauthenticated (ACCESS_TOKEN_INVALID / ACCESS_TOKEN_EXPIRED) otherwise. */
  verify(token: string): Promise<SessionClaims>;
}
