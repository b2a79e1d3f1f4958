import type { ApiScope } from '@homeport/contracts';
import type { VendorScope } from './vendors';

/** A vendor API key as stored: never its secret, only the secret's SHA-256. */
export interface ApiKey {
  readonly id: string;
  readonly vendorId: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** Vendor API keys. Admin queries are confined to the vendors the scope administers. */
export interface ApiKeyRepository {
  insertKey(key: Omit<ApiKey, 'lastUsedAt' | 'revokedAt'> & { readonly secretHash: string }): Promise<void>;
  /** The keys of a vendor the scope's user administers (none otherwise). */
  listKeys(scope: VendorScope, vendorId: string): Promise<ApiKey[]>;
  /** Revokes a key of a vendor the scope's user administers; false when there is no such key there. */
  revokeKey(scope: VendorScope, vendorId: string, keyId: string, now: Date): Promise<boolean>;
  /** A key by id with its secret hash, to authenticate a request that presents it. */
  findKeyForAuthentication(keyId: string): Promise<(ApiKey & { readonly secretHash: string }) | undefined>;
  /** Sets last_used_at to `now` unless it is later than `notBefore` (so at most one write a minute). */
  touchKey(keyId: string, now: Date, notBefore: Date): Promise<void>;
}

const keyPrefix = 'hpk_';
// hpk_<key id: a UUID's 32 hex digits>_<secret: 32 random bytes, 43 base64url characters>
const keyPattern = /^hpk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** The key as shown once to the admin who made it. */
export function formatApiKey(keyId: string, secret: string): string {
  return `${keyPrefix}${keyId.replaceAll('-', '')}_${secret}`;
}

/** True for tokens of the API key form (valid or not): the authenticator chain picks by it. */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(keyPrefix);
}

/** The key id (a UUID) and secret of a well-formed key; undefined for anything else. */
export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const match = keyPattern.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const hex = match[1];
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, secret: match[2] };
}
