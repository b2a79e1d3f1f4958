import type { AuthorizationResponse, OAuthClientResponse, PersonalTokenResponse } from '@homeport/contracts';
import type { OAuthClient, UserAuthorization } from '../../domain/oauth';
import type { PersonalToken } from '../../domain/personal-tokens';

/** A registered client as its vendor's admins see it (never its secret hash). */
export const toOAuthClientResponse = (client: OAuthClient): OAuthClientResponse => ({
  clientId: client.id,
  vendorId: client.vendorId,
  name: client.name,
  clientType: client.clientType,
  redirectUris: [...client.redirectUris],
  grantTypes: [...client.grantTypes],
  scopes: [...client.scopes],
  createdAt: client.createdAt.toISOString(),
});

/** An app the user authorized. */
export const toAuthorizationResponse = (authorization: UserAuthorization): AuthorizationResponse => ({
  clientId: authorization.clientId,
  clientName: authorization.clientName,
  scopes: [...authorization.scopes],
  authorizedAt: authorization.authorizedAt.toISOString(),
});

/** A personal access token as its owner sees it (never the token). */
export const toPersonalTokenResponse = (token: PersonalToken): PersonalTokenResponse => ({
  id: token.id,
  name: token.name,
  scopes: [...token.scopes],
  expiresAt: token.expiresAt?.toISOString() ?? null,
  createdAt: token.createdAt.toISOString(),
});
