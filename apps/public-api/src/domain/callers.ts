import { userScopes, vendorScopes, type ApiScope } from '@homeport/contracts';

/**
 * A person: with their own session (every user scope and `account:write`), a personal access token, or an
 * OAuth client acting for them (the scopes they were given).
 */
export interface UserCaller {
  readonly kind: 'user';
  readonly userId: string;
  /** What the person authenticated with: named in the audit log; a session is what logout ends. */
  readonly credential:
    | { readonly kind: 'session'; readonly sessionId: string }
    | { readonly kind: 'personal-access-token'; readonly tokenId: string }
    | { readonly kind: 'oauth'; readonly clientId: string; readonly grantId: string };
  readonly scopes: ReadonlySet<ApiScope>;
  /** The address the request came from (audit log, rate limits). */
  readonly address: string;
}

/** A device maker's back end: its API key, or its OAuth client (client credentials grant). */
export interface VendorCaller {
  readonly kind: 'vendor';
  readonly vendorId: string;
  readonly credential:
    | { readonly kind: 'api-key'; readonly keyId: string }
    | { readonly kind: 'oauth-client'; readonly clientId: string };
  readonly scopes: ReadonlySet<ApiScope>;
  readonly address: string;
}

/** Who is calling, resolved once per request at the edge from the bearer token. */
export type Caller = UserCaller | VendorCaller;

/**
 * What a session holds: every scope, the account itself included. A scope names a kind of work, not whose
 * data: a person's own session reaches their homes and the vendors they are a member of (the policies decide),
 * so a vendor member's session may do the vendor's work (products, credentials).
 */
export const sessionScopes: ReadonlySet<ApiScope> = new Set<ApiScope>([
  ...userScopes,
  ...vendorScopes,
  'account:write',
]);

/** True when the caller's token holds `scope`. */
export function hasScope(caller: Caller, scope: ApiScope): boolean {
  return caller.scopes.has(scope);
}

/** Turns a bearer token into its caller, or refuses it (AppError unauthenticated with a code). */
export interface TokenAuthenticator {
  /** True for tokens of this kind (by their form: a JWT, a prefix), whether or not they are valid. */
  recognizes(token: string): boolean;
  authenticate(token: string, address: string): Promise<Caller>;
}
