/** What an account's deletion erases of public-api's own data, in one transaction. */
export interface AccountErasure {
  readonly userId: string;
  /** The user's address: the invitations still pending for it go too. */
  readonly email: string;
  /** The homes the user was the only member of (their devices released already): deleted with what hangs on them. */
  readonly homeIds: readonly string[];
  /** The devices the person's assistants could see: the endpoints Alexa is told to forget. */
  readonly alexaEndpointIds: readonly string[];
  readonly deletedAt: Date;
}

/**
 * Port: the account's own data in PostgreSQL (schema public_api). What belongs to the user alone (sessions and
 * refresh tokens, personal access tokens, OAuth codes, grants and tokens, Alexa and Google links, OwnTracks
 * credentials, webhook endpoints, zones, memberships) goes with the user row; the audit log keeps its entries,
 * with the actor's id.
 */
export interface AccountErasures {
  /** Whether the user has an Alexa link: the endpoints to tell it about are listed before the homes go. */
  hasAlexaLink(userId: string): Promise<boolean>;
  /**
   * Deletes the homes, the pending invitations and the user, and writes the deletion's `user.deleted` into
   * public-api's outbox in the same transaction (the relay publishes it), with what the user's Alexa and
   * Google links leave to tell (assistant-farewells.ts).
   */
  erase(erasure: AccountErasure): Promise<void>;
}
