import {
  apiScopes,
  AuthorizationServerMetadata,
  OAuthErrorResponse,
  OAuthRevokeRequest,
  OAuthTokenRequest,
  OAuthTokenResponse,
} from '@homeport/contracts';
import type { HttpApp, HttpRoutes } from '@homeport/http';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { OAuthClientRepository } from '../../domain/oauth';
import { authenticateClient, type PresentedClient } from '../../domain/oauth-client-authentication';
import { isOAuthError, OAuthError } from '../../domain/oauth-errors';
import type { OAuthTokenService } from '../../domain/oauth-token-service';

const oauthTag = { tags: ['oauth'], consumes: ['application/x-www-form-urlencoded'] };
const authMethods = ['client_secret_basic', 'client_secret_post', 'none'];
const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** A part of Basic credentials, form-encoded by the client (RFC 6749 §2.3.1); malformed: invalid_client. */
function formDecode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_client', 'client authentication failed');
  }
}

/**
 * The client of a token or revocation request (RFC 6749 §2.3.1): HTTP Basic with the form-encoded id and
 * secret, or client_id (and client_secret) in the body; never both ways at once.
 */
function presentedClient(
  request: FastifyRequest,
  body: { client_id?: string; client_secret?: string },
): PresentedClient {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic === undefined) {
    const method = body.client_secret === undefined ? 'none' : 'client_secret_post';
    return { clientId: body.client_id, clientSecret: body.client_secret, method };
  }
  if (body.client_secret !== undefined) {
    throw new OAuthError('invalid_request', 'use one client authentication method, not two');
  }
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'client authentication failed');
  const clientId = formDecode(decoded.slice(0, colon));
  if (body.client_id !== undefined && body.client_id !== clientId) {
    throw new OAuthError('invalid_request', 'client_id differs from the authenticated client');
  }
  const clientSecret = formDecode(decoded.slice(colon + 1));
  return { clientId, clientSecret, method: 'client_secret_basic' };
}

/** RFC 6749 §5.2 bodies for this scope's refusals; anything else goes on to the service's error mapping. */
function answerOAuthErrors(app: HttpApp): void {
  app.setErrorHandler((error, request, reply) => {
    if (isOAuthError(error)) {
      const status = error.error === 'invalid_client' ? 401 : 400;
      // RFC 6749 §5.2: the challenge answers a client that authenticated with the Authorization header.
      if (status === 401 && /^Basic /i.test(request.headers.authorization ?? '')) {
        void reply.header('www-authenticate', 'Basic realm="homeport", charset="UTF-8"');
      }
      request.log.info({ error: error.error, reason: error.message }, 'oauth request refused');
      return reply
        .code(status)
        .headers(noStore)
        .send({ error: error.error, error_description: error.message });
    }
    const { statusCode, validation } = error as { statusCode?: number; validation?: unknown };
    if (validation !== undefined || statusCode === 415 || statusCode === 400) {
      return reply
        .code(400)
        .headers(noStore)
        .send({ error: 'invalid_request', error_description: 'the request is malformed' });
    }
    throw error;
  });
}

/** POST /oauth/token, POST /oauth/revoke (RFC 7009) and the metadata document (RFC 8414). */
export const oauthTokenRoutes: HttpRoutes<{
  clients: OAuthClientRepository;
  tokens: OAuthTokenService;
  issuer: string;
}> = (app, { clients, tokens, issuer }) => {
  answerOAuthErrors(app);
  const oauthErrors = { 400: OAuthErrorResponse, 401: OAuthErrorResponse };
  app.post(
    '/oauth/token',
    {
      schema: { ...oauthTag, body: OAuthTokenRequest, response: { 200: OAuthTokenResponse, ...oauthErrors } },
    },
    async (request, reply) => {
      const client = await authenticateClient(clients, presentedClient(request, request.body));
      return reply.headers(noStore).send(await tokens.token(client, request.body));
    },
  );
  app.post(
    '/oauth/revoke',
    {
      schema: {
        ...oauthTag,
        description: 'RFC 7009: an access or refresh token of the client. 200 also for an unknown token.',
        body: OAuthRevokeRequest,
        response: { 200: Type.Null(), ...oauthErrors },
      },
    },
    async (request, reply) => {
      const client = await authenticateClient(clients, presentedClient(request, request.body));
      const token = request.body.token;
      if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
      await tokens.revoke(client, token);
      return reply.code(200).headers(noStore).send(null);
    },
  );
  const base = issuer.replace(/\/$/, '');
  const metadata: AuthorizationServerMetadata = {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    scopes_supported: Object.keys(apiScopes).filter((scope) => scope !== 'account:write'),
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    code_challenge_methods_supported: ['S256'],
  };
  app.get(
    '/.well-known/oauth-authorization-server',
    { schema: { tags: ['oauth'], response: { 200: AuthorizationServerMetadata } } },
    () => metadata,
  );
  return Promise.resolve();
};
