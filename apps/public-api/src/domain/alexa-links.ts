/** Login with Amazon's tokens for one linked person: what the event gateway accepts as their bearer. */
export interface AlexaTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
}

/** A person's Alexa link, keyed by the OAuth grant the skill holds (revoking it ends the link). */
export interface AlexaLink {
  readonly grantId: string;
  readonly userId: string;
  readonly tokens: AlexaTokens;
}

/** The links, in public-api's database. */
export interface AlexaLinks {
  /** Keeps the link of the grant (a new AcceptGrant of the same grant replaces its tokens). */
  save(link: AlexaLink): Promise<void>;
  /** The links of the home's current members whose grant is live at `now`, with the grant's client. */
  findForHome(homeId: string, now: Date): Promise<(AlexaLink & { readonly clientId: string })[]>;
  /** Replaces the tokens of a link after a refresh at Login with Amazon. */
  updateTokens(grantId: string, tokens: AlexaTokens): Promise<void>;
  /**
   * Deletes a link Alexa no longer accepts; no link is no error. (A link whose grant ends, revoked in Homeport
   * or by the skill's SkillDisabled, is deleted with it by the database: migration 009.)
   */
  remove(grantId: string): Promise<void>;
}

/**
 * Why Login with Amazon gave no tokens: it refused the code or refresh token (`invalid_grant`, ...: asking
 * again will not help), or could not be reached or answered something else (worth retrying).
 */
export type LwaRefusal =
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Login with Amazon's token endpoint, with the skill's client credentials. */
export interface LoginWithAmazon {
  /** RFC 6749 §4.1.3: the AcceptGrant's code. */
  exchangeCode(code: string): Promise<AlexaTokens | LwaRefusal>;
  /** RFC 6749 §6. */
  refresh(refreshToken: string): Promise<AlexaTokens | LwaRefusal>;
}
