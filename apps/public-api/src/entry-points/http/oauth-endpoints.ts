import formBody from '@fastify/formbody';
import type { HttpRoutes } from '@homeport/http';
import type { OAuthClientRepository } from '../../domain/oauth';
import type { OAuthAuthorizationService } from '../../domain/oauth-authorization-service';
import type { OAuthTokenService } from '../../domain/oauth-token-service';
import { oauthAuthorizeRoutes } from './oauth-authorize.routes';
import { oauthTokenRoutes } from './oauth-token.routes';
import type { RateLimits } from './rate-limits';

/** What the OAuth endpoints call. */
export interface OAuthEndpointsDeps {
  readonly clients: OAuthClientRepository;
  readonly authorization: OAuthAuthorizationService;
  readonly tokens: OAuthTokenService;
  /** The server's public address (JWT_ISSUER): the metadata's issuer and endpoints. */
  readonly issuer: string;
  /** The consent page signs in with a password: it draws from the failed-login limits as login does. */
  readonly loginAttemptsOf: RateLimits['loginAttemptsOf'];
}

/** `/oauth/*` and the RFC 8414 metadata. Their requests are form-encoded only (RFC 6749 §3.2, §4.1.3). */
export const oauthEndpoints: HttpRoutes<OAuthEndpointsDeps> = async (app, deps) => {
  app.removeAllContentTypeParsers();
  await app.register(formBody);
  await app.register(oauthAuthorizeRoutes, {
    authorization: deps.authorization,
    loginAttemptsOf: deps.loginAttemptsOf,
  });
  await app.register(oauthTokenRoutes, { clients: deps.clients, tokens: deps.tokens, issuer: deps.issuer });
};
