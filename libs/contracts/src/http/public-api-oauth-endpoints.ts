import { Type, type Static } from 'typebox';

/**
 * The OAuth 2.0 endpoints of public-api (`/oauth/*`, `/.well-known/oauth-authorization-server`), in the
 * RFCs' names. Parameters are optional strings here: which are required depends on the grant, and a
 * missing one is answered the RFC's way (an `error` for the client), not with the API's 400.
 */
const Param = Type.Optional(Type.String({ maxLength: 2000 }));

/** GET /oauth/authorize (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export const AuthorizeQuery = Type.Object(
  {
    response_type: Param,
    client_id: Param,
    redirect_uri: Param,
    scope: Param,
    state: Param,
    code_challenge: Param,
    code_challenge_method: Param,
  },
  {
    examples: [
      {
        response_type: 'code',
        client_id: '3d6f0a2c-91b4-4e57-8c1d-5a7e9f2b4c60',
        redirect_uri: 'https://assistant.acme.example/oauth/callback',
        scope: 'homes:read devices:read',
        state: 'af0ifjsldkj',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      },
    ],
  },
);
export type AuthorizeQuery = Static<typeof AuthorizeQuery>;

/** POST /oauth/authorize: the consent page's form (the request again, the user's sign-in and decision). */
export const ConsentForm = Type.Object(
  {
    ...AuthorizeQuery.properties,
    email: Param,
    password: Param,
    decision: Param,
    csrf_token: Param,
  },
  { description: 'application/x-www-form-urlencoded, posted by the consent page.' },
);
export type ConsentForm = Static<typeof ConsentForm>;

/** POST /oauth/token (RFC 6749 §4.1.3, §4.4.2, §6), form-encoded. */
export const OAuthTokenRequest = Type.Object(
  {
    grant_type: Param,
    code: Param,
    redirect_uri: Param,
    code_verifier: Param,
    refresh_token: Param,
    scope: Param,
    client_id: Param,
    client_secret: Param,
  },
  {
    examples: [
      {
        grant_type: 'authorization_code',
        code: 'hpc_SplxlOBeZQQYbYS6WxSbIA0k7nQ2mT5vR8wX1yZ4aB6',
        redirect_uri: 'https://assistant.acme.example/oauth/callback',
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      },
    ],
  },
);
export type OAuthTokenRequest = Static<typeof OAuthTokenRequest>;

/** RFC 6749 §5.1. */
export const OAuthTokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ minimum: 1 }),
    refresh_token: Type.Optional(Type.String()),
    scope: Type.String(),
  },
  {
    examples: [
      {
        access_token: 'hpo_2YotnFZFEjr1zCsicMWpAAx9kQ7mT3vR5wX8yZ1aB4c',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'hpr_tGzv3JOkF0XG5Qx2TlKWIAq8mN1bV4cX7zL0sD3fG6h',
        scope: 'homes:read devices:read',
      },
    ],
  },
);
export type OAuthTokenResponse = Static<typeof OAuthTokenResponse>;

/**
 * RFC 6749 §5.2: the error body of the token and revocation endpoints. Not the API's `{ code, message,
 * requestId }`: OAuth client libraries read `error`, and the RFC fixes its values.
 */
export const OAuthErrorResponse = Type.Object(
  { error: Type.String(), error_description: Type.Optional(Type.String()) },
  { examples: [{ error: 'invalid_grant', error_description: 'the code is unknown, used or expired' }] },
);
export type OAuthErrorResponse = Static<typeof OAuthErrorResponse>;

/** POST /oauth/revoke (RFC 7009 §2.1), form-encoded. */
export const OAuthRevokeRequest = Type.Object(
  { token: Param, token_type_hint: Param, client_id: Param, client_secret: Param },
  {
    examples: [
      { token: 'hpr_tGzv3JOkF0XG5Qx2TlKWIAq8mN1bV4cX7zL0sD3fG6h', token_type_hint: 'refresh_token' },
    ],
  },
);
export type OAuthRevokeRequest = Static<typeof OAuthRevokeRequest>;

/** GET /.well-known/oauth-authorization-server (RFC 8414 §2). */
export const AuthorizationServerMetadata = Type.Object(
  {
    issuer: Type.String(),
    authorization_endpoint: Type.String(),
    token_endpoint: Type.String(),
    revocation_endpoint: Type.String(),
    scopes_supported: Type.Array(Type.String()),
    response_types_supported: Type.Array(Type.String()),
    grant_types_supported: Type.Array(Type.String()),
    token_endpoint_auth_methods_supported: Type.Array(Type.String()),
    revocation_endpoint_auth_methods_supported: Type.Array(Type.String()),
    code_challenge_methods_supported: Type.Array(Type.String()),
  },
  {
    examples: [
      {
        issuer: 'https://api.homeport.example',
        authorization_endpoint: 'https://api.homeport.example/oauth/authorize',
        token_endpoint: 'https://api.homeport.example/oauth/token',
        revocation_endpoint: 'https://api.homeport.example/oauth/revoke',
        scopes_supported: ['homes:read', 'devices:read'],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        code_challenge_methods_supported: ['S256'],
      },
    ],
  },
);
export type AuthorizationServerMetadata = Static<typeof AuthorizationServerMetadata>;
