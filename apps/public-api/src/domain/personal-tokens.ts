import type { ApiScope } from '@homeport/contracts';

/** An owner's token for their scripts (never the token itself: only its hash is stored). */
export interface PersonalToken {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  /** Null: valid until revoked. */
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
}

/** A stored token as its authenticator finds it by hash. */
export interface StoredPersonalToken extends PersonalToken {
  readonly revoked: boolean;
}

/** Personal access tokens; every query but the authenticator's is confined to the caller's own. */
export interface PersonalTokenRepository {
  insertToken(token: PersonalToken, tokenHash: string): Promise<void>;
  /** The user's tokens neither revoked nor expired at `now`. */
  listUserTokens(userId: string, now: Date): Promise<PersonalToken[]>;
  /** False when the user holds no such live token. */
  revokeUserToken(userId: string, tokenId: string, now: Date): Promise<boolean>;
  findToken(tokenHash: string): Promise<StoredPersonalToken | undefined>;
}
