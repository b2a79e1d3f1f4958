import { isApiScope, type ApiScope, type AuthorizeQuery } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import { addSeconds, type Clock } from './clock';
import { isClientId, type OAuthClient, type OAuthClientRepository, type OAuthTokenRepository } from './oauth';
import { userGrantableScopes } from './oauth-client-rules';
import { buildRedirect, errorRedirect } from './oauth-redirects';
import type { PasswordCheck } from './password-check';
import { hashSecretToken, newSecretToken } from './secret-tokens';
import type { LoginAttempts } from './session-service';

/** What the authorization endpoint needs. */
export interface OAuthAuthorizationServiceDeps {
  readonly clients: OAuthClientRepository;
  readonly tokens: OAuthTokenRepository;
  readonly checkPassword: PasswordCheck;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly codeTtlSeconds: number;
}

/** A valid authorization request: what the consent page shows and the approval binds the code to. */
export interface AuthorizationRequest {
  readonly client: OAuthClient;
  readonly redirectUri: string;
  readonly scopes: readonly ApiScope[];
  readonly state: string | undefined;
  /** Absent only for a confidential client that sent no challenge. */
  readonly codeChallenge: string | undefined;
}

/** What to do with an authorization request. */
export type AuthorizeDecision =
  /** RFC 6749 §4.1.2.1: a bad client or redirect URI is shown to the user, never redirected to. */
  | { readonly kind: 'error-page'; readonly message: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'consent'; readonly request: AuthorizationRequest };

/** Prefix of authorization codes. */
const codePrefix = 'hpc_';
const s256Challenge = /^[A-Za-z0-9_-]{43}$/;

/**
 * What is wrong with the request's PKCE parameters, if anything. RFC 9700 §2.1.1 / OAuth 2.1: a public client
 * must send an S256 challenge; a confidential client (it authenticates at the token endpoint) may send none,
 * as Google's account linking does, but a challenge it sends must be a valid S256 one.
 */
function findPkceProblem(client: OAuthClient, query: AuthorizeQuery): string | undefined {
  const sent = query.code_challenge !== undefined || query.code_challenge_method !== undefined;
  if (!sent && client.clientType === 'confidential') return undefined;
  if (query.code_challenge_method !== 'S256' || !s256Challenge.test(query.code_challenge ?? '')) {
    return client.clientType === 'confidential'
      ? 'code_challenge must be an S256 challenge with code_challenge_method S256'
      : 'PKCE is required: code_challenge with code_challenge_method S256';
  }
  return undefined;
}

/** The authorization endpoint: checks a request, and turns the user's approval into a code. */
export function createOAuthAuthorizationService(deps: OAuthAuthorizationServiceDeps) {
  const { clients, tokens, checkPassword, audit, clock } = deps;

  async function findClient(clientId: string | undefined): Promise<OAuthClient | undefined> {
    return isClientId(clientId) ? clients.findClient(clientId) : undefined;
  }

  return {
    async check(query: AuthorizeQuery): Promise<AuthorizeDecision> {
      const client = await findClient(query.client_id);
      if (client === undefined) return { kind: 'error-page', message: 'This application is not registered.' };
      const redirectUri = query.redirect_uri;
      if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
        return {
          kind: 'error-page',
          message: 'The address to return to is not registered for this application.',
        };
      }
      const refuse = (error: string, description: string): AuthorizeDecision => ({
        kind: 'redirect',
        location: errorRedirect(redirectUri, error, description, query.state),
      });
      if (!client.grantTypes.includes('authorization_code')) {
        return refuse('unauthorized_client', 'the client may not use the authorization code grant');
      }
      if (query.response_type !== 'code')
        return refuse('unsupported_response_type', 'response_type must be code');
      const pkceProblem = findPkceProblem(client, query);
      if (pkceProblem !== undefined) return refuse('invalid_request', pkceProblem);
      const grantable = userGrantableScopes(client.scopes);
      // RFC 6749 §3.3: without a scope, the client's allowed user scopes.
      const requested =
        query.scope === undefined ? grantable : query.scope.split(' ').filter((s) => s !== '');
      if (requested.length === 0 || !requested.every((s) => isApiScope(s) && grantable.includes(s))) {
        return refuse('invalid_scope', 'a requested scope is unknown or not allowed for this client');
      }
      return {
        kind: 'consent',
        request: {
          client,
          redirectUri,
          scopes: [...new Set(requested as ApiScope[])],
          state: query.state,
          codeChallenge: query.code_challenge,
        },
      };
    },

    /** The user declined: RFC 6749 §4.1.2.1 access_denied. */
    deny(request: AuthorizationRequest): string {
      return errorRedirect(
        request.redirectUri,
        'access_denied',
        'the user denied the request',
        request.state,
      );
    },

    /**
     * The user signed in and approved: a single-use code bound to the request, as a redirect; or undefined
     * for wrong credentials. The password draws from the failed-login limits as a login does (RATE_LIMITED).
     */
    async approve(
      request: AuthorizationRequest,
      credentials: { email: string; password: string; address: string },
      attempts: LoginAttempts,
    ): Promise<string | undefined> {
      await attempts.ensureAllowed();
      const user = await checkPassword(credentials.email, credentials.password);
      if (user === undefined) {
        await attempts.recordFailure();
        return undefined;
      }
      await attempts.ensureAllowed();
      const code = `${codePrefix}${newSecretToken()}`;
      const now = clock.now();
      const grantId = randomUUID();
      await tokens.saveCode({
        codeHash: hashSecretToken(code),
        clientId: request.client.id,
        userId: user.id,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge ?? null,
        scopes: request.scopes,
        expiresAt: addSeconds(now, deps.codeTtlSeconds),
        grantId,
      });
      await audit.record({
        caller: {
          kind: 'user',
          userId: user.id,
          credential: { kind: 'oauth', clientId: request.client.id, grantId },
          scopes: new Set(request.scopes),
          address: credentials.address,
        },
        at: now,
        action: 'authorization.granted',
        outcome: 'succeeded',
        vendorId: request.client.vendorId,
        details: { clientId: request.client.id, scopes: request.scopes },
      });
      return buildRedirect(request.redirectUri, { code, state: request.state });
    },
  };
}

/** The authorization endpoint's use cases. */
export type OAuthAuthorizationService = ReturnType<typeof createOAuthAuthorizationService>;
