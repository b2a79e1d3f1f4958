import { apiScopes, userScopes, vendorScopes, type ApiScope } from '@homeport/contracts';
import type { SecurityScheme } from '@homeport/http';

const described = (scopes: readonly ApiScope[]) =>
  Object.fromEntries(scopes.map((scope) => [scope, apiScopes[scope]]));

/** The OpenAPI `oauth2` scheme: a user's grant (authorization code with PKCE) and a vendor's client credentials. */
export function oauthSecurityScheme(issuer: string): { oauth2: SecurityScheme } {
  const base = issuer.replace(/\/$/, '');
  return {
    oauth2: {
      type: 'oauth2',
      description:
        'Registered clients of a vendor (see /.well-known/oauth-authorization-server). Access tokens are opaque ' +
        '(`hpo_...`), sent as `Authorization: Bearer`. Each route names the scope it needs.',
      flows: {
        authorizationCode: {
          authorizationUrl: `${base}/oauth/authorize`,
          tokenUrl: `${base}/oauth/token`,
          refreshUrl: `${base}/oauth/token`,
          scopes: described(userScopes),
        },
        clientCredentials: { tokenUrl: `${base}/oauth/token`, scopes: described(vendorScopes) },
      },
    },
  };
}
