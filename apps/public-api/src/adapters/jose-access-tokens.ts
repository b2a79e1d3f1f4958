import { AppError } from '@homeport/errors';
import { createLocalJWKSet, errors, importJWK, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock';
import type { AccessTokens, SessionClaims } from '../domain/sessions';
import type { SigningKeys } from '../domain/signing-keys';

/** The one algorithm signed and accepted: a token naming any other (`none`, HS256, RS256) is refused. */
const algorithm = 'EdDSA';
/** RFC 9068 access token type, required on verify so that no other JWT of ours passes as an access token. */
const tokenType = 'at+jwt';

/** Settings of the access tokens. */
export interface JoseAccessTokenOptions {
  readonly keys: SigningKeys;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  readonly clock: Clock;
}

/**
 * Tokens verified lately, per replica. A token is the same signed bytes at every request of a client: its
 * signature and claims are checked once, and only its expiry again. Sound because the verifying keys are
 * fixed for the life of the process (a key is withdrawn by a redeploy, which starts with an empty cache).
 */
const maxVerifiedTokens = 20_000;

const invalid = () =>
  new AppError('unauthenticated', 'ACCESS_TOKEN_INVALID', 'the access token is not valid');

/** Access tokens as JWTs signed with jose: EdDSA (Ed25519), `kid` in the header, verified against the key set. */
export async function createJoseAccessTokens(options: JoseAccessTokenOptions): Promise<AccessTokens> {
  const { keys, issuer, audience, ttlSeconds, clock } = options;
  const signingKey = await importJWK({ ...keys.signing, alg: algorithm }, algorithm);
  const verifyingKeys = createLocalJWKSet({
    keys: keys.verifying.map((key) => ({ ...key, alg: algorithm, use: 'sig' })),
  });
  const verified = new LRUCache<string, { claims: SessionClaims; expiresAtMs: number }>({
    max: maxVerifiedTokens,
  });
  return {
    async issue({ userId, sessionId }) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: algorithm, kid: keys.signing.kid, typ: tokenType })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(signingKey);
      return { token, expiresInSeconds: ttlSeconds };
    },

    async verify(token): Promise<SessionClaims> {
      const known = verified.get(token);
      if (known !== undefined && known.expiresAtMs > clock.now().getTime()) return known.claims;
      try {
        const { payload } = await jwtVerify(token, verifyingKeys, {
          algorithms: [algorithm],
          issuer,
          audience,
          typ: tokenType,
          currentDate: clock.now(),
          requiredClaims: ['sub', 'sid', 'exp', 'iat', 'jti'],
        });
        const { sub, sid, exp } = payload;
        if (typeof sub !== 'string' || typeof sid !== 'string' || exp === undefined) throw invalid();
        const claims = { userId: sub, sessionId: sid };
        verified.set(token, { claims, expiresAtMs: exp * 1000 });
        return claims;
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new AppError(
            'unauthenticated',
            'ACCESS_TOKEN_EXPIRED',
            'the access token has expired; refresh it',
          );
        }
        if (error instanceof errors.JOSEError) throw invalid();
        throw error;
      }
    },
  };
}
