import { Type, type Static } from 'typebox';
import { ApiScopeList, ApiScopeSchema } from './public-api-scopes';

/**
 * public-api's OAuth 2.0 side: vendors' registered clients (`/v1/vendors/{vendorId}/oauth-clients`), the
 * apps a user authorized (`/v1/account/authorizations`), personal access tokens (`/v1/account/tokens`), and
 * the wire of the OAuth endpoints themselves (`/oauth/*`, RFC 6749 names: snake_case, form-encoded requests).
 */
const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

/** The grants a client may use (RFC 6749 §4.1, §4.4, §6). */
export const OAuthGrantType = Type.Union([
  Type.Literal('authorization_code'),
  Type.Literal('refresh_token'),
  Type.Literal('client_credentials'),
]);
export type OAuthGrantType = Static<typeof OAuthGrantType>;

/** RFC 6749 §2.1: a public client (an app on a phone) holds no secret and must use PKCE. */
export const OAuthClientType = Type.Union([Type.Literal('public'), Type.Literal('confidential')]);
export type OAuthClientType = Static<typeof OAuthClientType>;

/** POST /v1/vendors/{vendorId}/oauth-clients (vendor admins, own session). */
export const RegisterOAuthClientRequest = Type.Object(
  {
    name: Name,
    clientType: OAuthClientType,
    redirectUris: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
      maxItems: 10,
      uniqueItems: true,
      description: 'Compared exactly. https, or http on a loopback host (127.0.0.1, [::1], localhost).',
    }),
    grantTypes: Type.Array(OAuthGrantType, { minItems: 1, uniqueItems: true }),
    scopes: ApiScopeList,
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Acme Assistant',
        clientType: 'confidential',
        redirectUris: ['https://assistant.acme.example/oauth/callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['homes:read', 'devices:read', 'devices:write'],
      },
    ],
  },
);
export type RegisterOAuthClientRequest = Static<typeof RegisterOAuthClientRequest>;

const clientExample = {
  clientId: '3d6f0a2c-91b4-4e57-8c1d-5a7e9f2b4c60',
  vendorId: 'acme',
  name: 'Acme Assistant',
  clientType: 'confidential' as const,
  redirectUris: ['https://assistant.acme.example/oauth/callback'],
  grantTypes: ['authorization_code' as const, 'refresh_token' as const],
  scopes: ['homes:read' as const, 'devices:read' as const, 'devices:write' as const],
  createdAt: '2026-12-01T10:00:00.000Z',
};

/** A registered client (never its secret). */
export const OAuthClientResponse = Type.Object(
  {
    clientId: Uuid,
    vendorId: Type.String(),
    name: Type.String(),
    clientType: OAuthClientType,
    redirectUris: Type.Array(Type.String()),
    grantTypes: Type.Array(OAuthGrantType),
    scopes: Type.Array(ApiScopeSchema),
    createdAt: Timestamp,
  },
  { examples: [clientExample] },
);
export type OAuthClientResponse = Static<typeof OAuthClientResponse>;

/** 201 of a registration: a confidential client's secret is shown here once, and stored only hashed. */
export const RegisteredOAuthClientResponse = Type.Intersect(
  [OAuthClientResponse, Type.Object({ clientSecret: Type.Optional(Type.String()) })],
  { examples: [{ ...clientExample, clientSecret: 'hps_Vq3nX8rT1mK5wY0zB7cD2fG9hJ4kL6pQ1sU3vW5xZ8a' }] },
);
export type RegisteredOAuthClientResponse = Static<typeof RegisteredOAuthClientResponse>;

/** The clients of a vendor. */
export const OAuthClientList = Type.Object(
  { items: Type.Array(OAuthClientResponse) },
  { examples: [{ items: [clientExample] }] },
);
export type OAuthClientList = Static<typeof OAuthClientList>;

/** Path parameters of /v1/vendors/:vendorId/oauth-clients (broker-api's vendor id). */
export const VendorClientsParams = Type.Object({ vendorId: Type.String({ minLength: 1, maxLength: 100 }) });
/** Path parameters of /v1/vendors/:vendorId/oauth-clients/:clientId. */
export const VendorOAuthClientParams = Type.Object({ ...VendorClientsParams.properties, clientId: Uuid });

const authorizationExample = {
  clientId: '3d6f0a2c-91b4-4e57-8c1d-5a7e9f2b4c60',
  clientName: 'Acme Assistant',
  scopes: ['homes:read' as const, 'devices:read' as const],
  authorizedAt: '2026-12-01T10:05:00.000Z',
};

/** An app the user authorized: its live grants together. */
export const AuthorizationResponse = Type.Object(
  {
    clientId: Uuid,
    clientName: Type.String(),
    scopes: Type.Array(ApiScopeSchema),
    authorizedAt: Timestamp,
  },
  { examples: [authorizationExample] },
);
export type AuthorizationResponse = Static<typeof AuthorizationResponse>;

/** GET /v1/account/authorizations. */
export const AuthorizationList = Type.Object(
  { items: Type.Array(AuthorizationResponse) },
  { examples: [{ items: [authorizationExample] }] },
);
export type AuthorizationList = Static<typeof AuthorizationList>;

/** Path parameters of /v1/account/authorizations/:clientId. */
export const AuthorizationParams = Type.Object({ clientId: Uuid });

/** POST /v1/account/tokens: a personal access token for the user's scripts. */
export const CreatePersonalTokenRequest = Type.Object(
  {
    name: Name,
    scopes: ApiScopeList,
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 366, description: 'Omitted: valid until revoked.' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ name: 'heating script', scopes: ['homes:read', 'devices:read'], expiresInDays: 90 }],
  },
);
export type CreatePersonalTokenRequest = Static<typeof CreatePersonalTokenRequest>;

const personalTokenExample = {
  id: '9a4c2e71-0b3d-4f8a-a6e5-1c2d3e4f5a6b',
  name: 'heating script',
  scopes: ['homes:read' as const, 'devices:read' as const],
  expiresAt: '2027-03-01T10:00:00.000Z',
  createdAt: '2026-12-01T10:00:00.000Z',
};

/** A personal access token (never the token itself). */
export const PersonalTokenResponse = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    scopes: Type.Array(ApiScopeSchema),
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  { examples: [personalTokenExample] },
);
export type PersonalTokenResponse = Static<typeof PersonalTokenResponse>;

/** 201 of POST /v1/account/tokens: the token is shown here once, and stored only hashed. */
export const CreatedPersonalTokenResponse = Type.Intersect(
  [PersonalTokenResponse, Type.Object({ token: Type.String() })],
  { examples: [{ ...personalTokenExample, token: 'hpp_Qm4tY7wB2nX9rK1cV5zL8dF3gH6jP0sA2eU4iO7yT1q' }] },
);
export type CreatedPersonalTokenResponse = Static<typeof CreatedPersonalTokenResponse>;

/** The user's live personal access tokens. */
export const PersonalTokenList = Type.Object(
  { items: Type.Array(PersonalTokenResponse) },
  { examples: [{ items: [personalTokenExample] }] },
);
export type PersonalTokenList = Static<typeof PersonalTokenList>;

/** Path parameters of /v1/account/tokens/:tokenId. */
export const PersonalTokenParams = Type.Object({ tokenId: Uuid });
