import type { Notifications } from './notifications';

/** A deleted account whose `user.deleted` waits for RabbitMQ's confirm. */
export interface AccountDeletion {
  readonly userId: string;
  readonly deletedAt: Date;
}

/** What an account's deletion erases of public-api's own data, in one transaction. */
export interface AccountErasure {
  readonly userId: string;
  /** The user's address: the invitations still pending for it go too. */
  readonly email: string;
  /** The homes the user was the only member of (their devices released already): deleted with what hangs on them. */
  readonly homeIds: readonly string[];
  readonly deletedAt: Date;
}

/**
 * Port: the account's own data in PostgreSQL (schema public_api), and the outbox of its `user.deleted`.
 * What belongs to the user alone (sessions and refresh tokens, personal access tokens, OAuth codes, grants
 * and tokens, Alexa and Google links, OwnTracks credentials, webhook endpoints, zones, memberships) goes with
 * the user row; the audit log keeps its entries, with the actor's id.
 */
export interface AccountErasures {
  /** Deletes the homes, the pending invitations and the user, and records the deletion in the outbox. */
  erase(erasure: AccountErasure): Promise<void>;
  /**
   * Claims the oldest waiting deletions for a while (those another round holds are skipped), hands them to
   * `publish` one by one and removes those it published; a failed publish ends the round and is thrown, and
   * what it or a crash left is taken again once the claim has run out. Resolves with the count published.
   */
  publishPending(limit: number, publish: (deletion: AccountDeletion) => Promise<void>): Promise<number>;
}

/**
 * One round of the relay of `user.deleted`: the waiting deletions published, each once RabbitMQ confirmed
 * it removed from the outbox. Resolves with how many were published.
 */
export function createAccountDeletionRelay(deps: {
  readonly erasures: AccountErasures;
  readonly notifications: Pick<Notifications, 'userDeleted'>;
  readonly batchSize: number;
}): () => Promise<number> {
  return () =>
    deps.erasures.publishPending(deps.batchSize, (deletion) =>
      deps.notifications.userDeleted({ userId: deletion.userId, deletedAt: deletion.deletedAt.getTime() }),
    );
}
