import type { ApiScope, OAuthClientType, OAuthGrantType } from '@homeport/contracts';

/** A vendor's registered OAuth client. `secretHash` is null for a public client. */
export interface OAuthClient {
  readonly id: string;
  readonly vendorId: string;
  readonly name: string;
  readonly clientType: OAuthClientType;
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly OAuthGrantType[];
  readonly scopes: readonly ApiScope[];
  readonly secretHash: string | null;
  readonly createdAt: Date;
}

/** True for a value shaped like a client id (a UUID): anything else is no client, without asking the store. */
export function isClientId(value: string | undefined): value is string {
  return value !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Registered clients. Management is confined to the caller's vendor; the OAuth endpoints find by id. */
export interface OAuthClientRepository {
  insertClient(client: OAuthClient): Promise<void>;
  listVendorClients(vendorId: string): Promise<OAuthClient[]>;
  /** Deletes the client and, with it, every code, grant and token it holds; false when not the vendor's. */
  deleteVendorClient(vendorId: string, clientId: string): Promise<boolean>;
  /** The client a request of the OAuth endpoints names (it then authenticates as that client). */
  findClient(clientId: string): Promise<OAuthClient | undefined>;
}

/** An authorization code as approved on the consent page (RFC 6749 §4.1.2). */
export interface AuthorizationCode {
  readonly codeHash: string;
  readonly clientId: string;
  readonly userId: string;
  readonly redirectUri: string;
  /** RFC 7636 S256 challenge; null when a confidential client sent none (RFC 9700 §2.1.1). */
  readonly codeChallenge: string | null;
  readonly scopes: readonly ApiScope[];
  readonly expiresAt: Date;
  /** The id the grant gets when the code is exchanged; ended if the code comes back. */
  readonly grantId: string;
}

/** A new access token (opaque, stored as its hash). */
export interface NewAccessToken {
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/** What exchanging a code did. */
export type CodeExchange =
  | { readonly kind: 'issued'; readonly userId: string; readonly scopes: readonly ApiScope[] }
  /** Used before: the grant its first exchange created is now ended (RFC 6749 §4.1.2). */
  | { readonly kind: 'reused' }
  /** Unknown, another client's, expired, or failing the check (redirect URI, PKCE): now used up. */
  | { readonly kind: 'refused' };

/** An access token of the OAuth endpoints, as the authenticator needs it. */
export interface StoredOAuthToken {
  readonly clientId: string;
  readonly vendorId: string;
  /** Null for a client's own token (client credentials). */
  readonly grant: { readonly id: string; readonly userId: string } | null;
  readonly scopes: readonly ApiScope[];
  readonly expiresAt: Date;
  /** Revoked itself, or its grant ended (revoked, reused refresh token or code, expired). */
  readonly revoked: boolean;
}

/** An app a user authorized, its live grants together. */
export interface UserAuthorization {
  readonly clientId: string;
  readonly clientName: string;
  readonly vendorId: string;
  readonly scopes: readonly ApiScope[];
  readonly authorizedAt: Date;
}

/** Codes, grants (refresh token families) and access tokens. */
export interface OAuthTokenRepository {
  saveCode(code: AuthorizationCode): Promise<void>;
  /**
   * In one transaction: marks the client's code used and, when `check` accepts it, creates its grant with
   * `refreshTokenHash` (if any) and the access token. A used code ends the grant it created.
   */
  exchangeCode(exchange: {
    codeHash: string;
    clientId: string;
    now: Date;
    check: (code: AuthorizationCode) => boolean;
    grantExpiresAt: Date;
    refreshTokenHash: string | undefined;
    accessToken: NewAccessToken;
  }): Promise<CodeExchange>;
  /** Rotates a refresh token of the client's grant (as sessions rotate theirs). */
  rotateRefreshToken(rotation: {
    tokenHash: string;
    newTokenHash: string;
    clientId: string;
    now: Date;
  }): Promise<{ kind: 'rotated'; grantId: string } | { kind: 'reused' } | { kind: 'refused' }>;
  /** The scopes of the grant a refresh token of the client belongs to (undefined: no such token). */
  findRefreshTokenScopes(tokenHash: string, clientId: string): Promise<readonly ApiScope[] | undefined>;
  /** An access token of the grant, with `scopes` when given if the grant holds them all; else undefined. */
  issueGrantAccessToken(
    grantId: string,
    token: NewAccessToken,
    scopes: readonly ApiScope[] | undefined,
  ): Promise<readonly ApiScope[] | undefined>;
  issueClientAccessToken(clientId: string, token: NewAccessToken, scopes: readonly ApiScope[]): Promise<void>;
  findAccessToken(tokenHash: string, now: Date): Promise<StoredOAuthToken | undefined>;
  /** RFC 7009: revokes the client's access token, or ends the grant of its refresh token. */
  revokeClientToken(
    tokenHash: string,
    clientId: string,
    now: Date,
  ): Promise<'revoked' | 'unknown' | 'other-client'>;
  listUserAuthorizations(userId: string, now: Date): Promise<UserAuthorization[]>;
  /** Ends every live grant of the user to the client; the client's name and vendor when there was one. */
  endUserGrants(
    userId: string,
    clientId: string,
    now: Date,
  ): Promise<{ vendorId: string; grantIds: string[] } | undefined>;
}
