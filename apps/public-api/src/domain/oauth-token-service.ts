import {
  isApiScope,
  type ApiScope,
  type OAuthTokenRequest,
  type OAuthTokenResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createHash } from 'node:crypto';
import type { Caller, TokenAuthenticator } from './callers';
import { addSeconds, type Clock } from './clock';
import type { AuthorizationCode, OAuthClient, OAuthTokenRepository } from './oauth';
import { clientGrantableScopes } from './oauth-client-rules';
import { OAuthError } from './oauth-errors';
import { hashSecretToken, newSecretToken } from './secret-tokens';

/** What the token and revocation endpoints need. */
export interface OAuthTokenServiceDeps {
  readonly tokens: OAuthTokenRepository;
  readonly clock: Clock;
  readonly accessTokenTtlSeconds: number;
  /** How long a user's grant (its refresh token family) lives, however often it is refreshed. */
  readonly grantTtlSeconds: number;
}

/** Prefixes of the OAuth endpoints' tokens: an authenticator recognizes its own by them. */
const accessTokenPrefix = 'hpo_';
const refreshTokenPrefix = 'hpr_';
const accessTokenShape = /^hpo_[A-Za-z0-9_-]{43}$/;
const verifierShape = /^[A-Za-z0-9._~-]{43,128}$/;

const required = (value: string | undefined, name: string): string => {
  if (value === undefined || value === '') throw new OAuthError('invalid_request', `${name} is required`);
  return value;
};

function parseScope(scope: string | undefined): ApiScope[] | undefined {
  if (scope === undefined) return undefined;
  const names = scope.split(' ').filter((name) => name !== '');
  if (names.length === 0 || !names.every(isApiScope)) throw new OAuthError('invalid_scope', 'unknown scope');
  return [...new Set(names)];
}

/**
 * RFC 7636 §4.6 (S256) for a code issued with a challenge. A code issued without one (a confidential client)
 * takes no verifier: RFC 9700 §2.1.1 refuses one, so a PKCE downgrade cannot pass.
 */
function pkceMatches(code: AuthorizationCode, verifier: string | undefined): boolean {
  if (code.codeChallenge === null) return verifier === undefined;
  return (
    verifier !== undefined &&
    verifierShape.test(verifier) &&
    createHash('sha256').update(verifier).digest('base64url') === code.codeChallenge
  );
}

/**
 * The token endpoint (authorization code, with PKCE unless a confidential client sent no challenge, refresh with rotation, client credentials), revocation,
 * and the authenticator of its access tokens. Access tokens are opaque and stored as hashes: every request
 * checks liveness in PostgreSQL (as for sessions), so a revocation or a deleted client stops them at once.
 */
export function createOAuthTokenService(deps: OAuthTokenServiceDeps) {
  const { tokens, clock, accessTokenTtlSeconds } = deps;

  function newAccessToken() {
    const token = `${accessTokenPrefix}${newSecretToken()}`;
    return {
      token,
      stored: {
        tokenHash: hashSecretToken(token),
        expiresAt: addSeconds(clock.now(), accessTokenTtlSeconds),
      },
    };
  }

  const answer = (
    accessToken: string,
    scopes: readonly ApiScope[],
    refreshToken?: string,
  ): OAuthTokenResponse => ({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: accessTokenTtlSeconds,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    scope: scopes.join(' '),
  });

  async function exchangeCode(client: OAuthClient, request: OAuthTokenRequest): Promise<OAuthTokenResponse> {
    const code = required(request.code, 'code');
    const redirectUri = required(request.redirect_uri, 'redirect_uri');
    const verifier = request.code_verifier;
    if (verifier === '') throw new OAuthError('invalid_request', 'code_verifier must not be empty');
    const access = newAccessToken();
    const refreshToken = client.grantTypes.includes('refresh_token')
      ? `${refreshTokenPrefix}${newSecretToken()}`
      : undefined;
    const exchange = await tokens.exchangeCode({
      codeHash: hashSecretToken(code),
      clientId: client.id,
      now: clock.now(),
      check: (stored) => stored.redirectUri === redirectUri && pkceMatches(stored, verifier),
      grantExpiresAt: addSeconds(clock.now(), deps.grantTtlSeconds),
      refreshTokenHash: refreshToken === undefined ? undefined : hashSecretToken(refreshToken),
      accessToken: access.stored,
    });
    if (exchange.kind === 'reused') {
      throw new OAuthError('invalid_grant', 'the code was used before; what it issued is revoked');
    }
    if (exchange.kind === 'refused') {
      throw new OAuthError(
        'invalid_grant',
        'the code is unknown or expired, or the redirect URI or PKCE verifier does not match',
      );
    }
    return answer(access.token, exchange.scopes, refreshToken);
  }

  async function refresh(client: OAuthClient, request: OAuthTokenRequest): Promise<OAuthTokenResponse> {
    const presentedHash = hashSecretToken(required(request.refresh_token, 'refresh_token'));
    const narrower = parseScope(request.scope);
    // Checked before the rotation: a refused scope must leave the client its refresh token.
    if (narrower !== undefined) {
      const held = await tokens.findRefreshTokenScopes(presentedHash, client.id);
      if (held !== undefined && !narrower.every((scope) => held.includes(scope))) {
        throw new OAuthError('invalid_scope', 'the scope exceeds what the grant holds');
      }
    }
    const next = `${refreshTokenPrefix}${newSecretToken()}`;
    const rotation = await tokens.rotateRefreshToken({
      tokenHash: presentedHash,
      newTokenHash: hashSecretToken(next),
      clientId: client.id,
      now: clock.now(),
    });
    if (rotation.kind === 'reused') {
      throw new OAuthError('invalid_grant', 'the refresh token was used before; its grant is revoked');
    }
    if (rotation.kind === 'refused')
      throw new OAuthError('invalid_grant', 'the refresh token is unknown or revoked');
    const access = newAccessToken();
    const scopes = await tokens.issueGrantAccessToken(rotation.grantId, access.stored, narrower);
    if (scopes === undefined) throw new OAuthError('invalid_scope', 'the scope exceeds what the grant holds');
    return answer(access.token, scopes, next);
  }

  async function clientCredentials(
    client: OAuthClient,
    request: OAuthTokenRequest,
  ): Promise<OAuthTokenResponse> {
    const grantable = clientGrantableScopes(client.scopes);
    const scopes = parseScope(request.scope) ?? grantable;
    if (scopes.length === 0 || !scopes.every((scope) => grantable.includes(scope))) {
      throw new OAuthError('invalid_scope', 'a requested scope is not allowed for this client');
    }
    const access = newAccessToken();
    await tokens.issueClientAccessToken(client.id, access.stored, scopes);
    return answer(access.token, scopes);
  }

  return {
    /** POST /oauth/token for an authenticated client. */
    async token(client: OAuthClient, request: OAuthTokenRequest): Promise<OAuthTokenResponse> {
      const grantType = required(request.grant_type, 'grant_type');
      if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
        throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
      }
      if (!client.grantTypes.some((allowed) => allowed === grantType)) {
        throw new OAuthError('unauthorized_client', `the client may not use ${grantType}`);
      }
      if (grantType === 'authorization_code') return exchangeCode(client, request);
      if (grantType === 'refresh_token') return refresh(client, request);
      return clientCredentials(client, request);
    },

    /** RFC 7009: an unknown token is no error; another client's token is refused. */
    async revoke(client: OAuthClient, token: string): Promise<void> {
      const outcome = await tokens.revokeClientToken(hashSecretToken(token), client.id, clock.now());
      if (outcome === 'other-client') {
        throw new OAuthError('unauthorized_client', 'the token was not issued to this client');
      }
    },

    /** OAuth access tokens: a user's grant (UserCaller) or a client's own (VendorCaller). */
    authenticator: {
      recognizes: (token: string) => accessTokenShape.test(token),
      async authenticate(token: string, address: string): Promise<Caller> {
        const now = clock.now();
        const live = await tokens.findAccessToken(hashSecretToken(token), now);
        if (live === undefined) {
          throw new AppError('unauthenticated', 'ACCESS_TOKEN_INVALID', 'the access token is not valid');
        }
        if (live.revoked)
          throw new AppError('unauthenticated', 'TOKEN_REVOKED', 'the access token was revoked');
        if (live.expiresAt <= now) {
          throw new AppError('unauthenticated', 'ACCESS_TOKEN_EXPIRED', 'the access token has expired');
        }
        const scopes = new Set(live.scopes);
        if (live.grant === null) {
          return {
            kind: 'vendor',
            vendorId: live.vendorId,
            credential: { kind: 'oauth-client', clientId: live.clientId },
            scopes,
            address,
          };
        }
        const credential = { kind: 'oauth' as const, clientId: live.clientId, grantId: live.grant.id };
        return { kind: 'user', userId: live.grant.userId, credential, scopes, address };
      },
    } satisfies TokenAuthenticator,
  };
}

/** The token endpoint's use cases. */
export type OAuthTokenService = ReturnType<typeof createOAuthTokenService>;
