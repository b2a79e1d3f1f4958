import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { addSeconds, type Clock } from './clock';
import type { PasswordCheck } from './password-check';
import { hashSecretToken, newSecretToken } from './secret-tokens';
import { sessionScopes, type TokenAuthenticator, type UserCaller } from './callers';
import type { AccessTokens, SessionRepository } from './sessions';

/** What the session use cases need. */
export interface SessionServiceDeps {
  /** The sign-in check login shares with the OAuth consent page (one decoy hash for both). */
  readonly checkPassword: PasswordCheck;
  readonly sessions: SessionRepository;
  readonly accessTokens: AccessTokens;
  readonly clock: Clock;
  readonly refreshTokenTtlSeconds: number;
}

/** A session's tokens as the API hands them out. */
export interface TokenPair {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken: string;
  readonly refreshExpiresInSeconds: number;
}

/**
 * The failed-login counters of one attempt (per email and per address: the entry point's store), which bound
 * password guessing. A success resets nothing: logging in to one's own account does not buy more guesses.
 */
export interface LoginAttempts {
  /** Throws RATE_LIMITED when the email or the address has no failed attempts left. */
  ensureAllowed(): Promise<void>;
  /** Counts a failure; throws RATE_LIMITED when it went beyond a limit. */
  recordFailure(): Promise<void>;
}

const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);

/** Login, refresh with rotation and reuse detection, logout, and the check of every access token. */
export function createSessionService(deps: SessionServiceDeps) {
  const { checkPassword, sessions, accessTokens, clock } = deps;

  async function issuePair(userId: string, sessionId: string, expiresAt: Date, refreshToken: string) {
    const access = await accessTokens.issue({ userId, sessionId });
    const refreshExpiresInSeconds = Math.max(
      1,
      Math.ceil((expiresAt.getTime() - clock.now().getTime()) / 1000),
    );
    return {
      accessToken: access.token,
      expiresInSeconds: access.expiresInSeconds,
      refreshToken,
      refreshExpiresInSeconds,
    };
  }

  return {
    /**
     * A new session for the right email and password; one answer for a wrong password or an unknown email.
     * Checked again after a right password: guesses sent at once, some counted as failures meanwhile, are
     * all refused past the limit, the right one too, so the answers tell nothing of which was right.
     */
    async login(request: { email: string; password: string }, attempts: LoginAttempts): Promise<TokenPair> {
      await attempts.ensureAllowed();
      const user = await checkPassword(request.email, request.password);
      if (user === undefined) {
        await attempts.recordFailure();
        throw unauthenticated('CREDENTIALS_INVALID', 'the email or the password is not correct');
      }
      await attempts.ensureAllowed();
      const sessionId = randomUUID();
      const refreshToken = newSecretToken();
      const expiresAt = addSeconds(clock.now(), deps.refreshTokenTtlSeconds);
      await sessions.createSession({
        id: sessionId,
        userId: user.id,
        expiresAt,
        refreshTokenHash: hashSecretToken(refreshToken),
      });
      return issuePair(user.id, sessionId, expiresAt, refreshToken);
    },

    /** Trades a refresh token once for a new pair; a second use ends the session it belongs to. */
    async refresh(refreshToken: string): Promise<TokenPair> {
      const next = newSecretToken();
      const outcome = await sessions.rotateRefreshToken({
        tokenHash: hashSecretToken(refreshToken),
        newTokenHash: hashSecretToken(next),
        now: clock.now(),
      });
      if (outcome.kind === 'reused') {
        throw unauthenticated(
          'REFRESH_TOKEN_REUSED',
          'the refresh token was used before; its session has ended',
        );
      }
      if (outcome.kind === 'refused') {
        throw unauthenticated(
          'REFRESH_TOKEN_INVALID',
          'the refresh token is unknown, or its session has ended',
        );
      }
      return issuePair(outcome.userId, outcome.sessionId, outcome.expiresAt, next);
    },

    async logout(caller: UserCaller): Promise<void> {
      if (caller.credential.kind !== 'session') {
        throw new AppError('forbidden', 'SESSION_REQUIRED', 'only a session can be logged out');
      }
      await sessions.endSession(caller.credential.sessionId, 'logout', clock.now());
    },

    /** Session access tokens: JWTs, each valid while its session is live. */
    authenticator: {
      recognizes: isJwtShaped,
      async authenticate(accessToken: string, address: string): Promise<UserCaller> {
        const claims = await accessTokens.verify(accessToken);
        if ((await sessions.findLiveSession({ ...claims, now: clock.now() })) === undefined) {
          throw unauthenticated('SESSION_ENDED', 'the session of this token has ended; log in again');
        }
        return {
          kind: 'user',
          userId: claims.userId,
          credential: { kind: 'session', sessionId: claims.sessionId },
          scopes: sessionScopes,
          address,
        };
      },
    } satisfies TokenAuthenticator,
  };
}

/** A JWS in compact form: three base64url parts (RFC 7515 §7.1). Whether it verifies is jose's to say. */
function isJwtShaped(token: string): boolean {
  return /^[\w-]+\.[\w-]*\.[\w-]*$/.test(token);
}

/** The session use cases. */
export type SessionService = ReturnType<typeof createSessionService>;
