import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** APNs provider authentication tokens, signed with the team's p8 key and reused while fresh. */
export interface ApnsProviderTokens {
  get(): Promise<string>;
  /** Forgets the token APNs called expired (403 ExpiredProviderToken), so the next `get` signs a new one. */
  invalidate(token: string): void;
}

/**
 * Apple refuses tokens older than an hour and throttles providers that sign new ones more often than every
 * 20 minutes, so a token is reused for 40
 * (https://developer.apple.com/documentation/usernotifications/establishing-a-token-based-connection-to-apns).
 */
const providerTokenLifetimeMs = 40 * 60_000;

/** Signs ES256 JWTs with `kid` = the key id and `iss` = the team id, `iat` now. */
export function createApnsProviderTokens(options: {
  readonly keyId: string;
  readonly teamId: string;
  readonly privateKey: KeyObject;
  readonly now: () => number;
}): ApnsProviderTokens {
  let cached: { token: string; signedAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  async function sign(): Promise<string> {
    const signedAtMs = options.now();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: options.keyId })
      .setIssuer(options.teamId)
      .setIssuedAt(Math.floor(signedAtMs / 1000))
      .sign(options.privateKey);
    cached = { token, signedAtMs };
    return token;
  }

  return {
    get() {
      if (cached !== undefined && options.now() - cached.signedAtMs < providerTokenLifetimeMs) {
        return Promise.resolve(cached.token);
      }
      // Concurrent callers share one new token: APNs refuses tokens that change too often.
      pending ??= sign().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
