import type { ChannelName, DeliveryOutcome } from './channels';
import type { Hold } from './hold-policy';

/** What notifications knows of a user (from public-api's events). */
export interface Recipient {
  readonly userId: string;
  /** Undefined once the user is deleted. */
  readonly email: string | undefined;
  readonly emailVerified: boolean;
  readonly locale: string | undefined;
  readonly timeZone: string | undefined;
  readonly deleted: boolean;
}

/** A user's contact as public-api publishes it. */
export interface ContactChange {
  readonly userId: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly locale?: string;
  readonly timeZone?: string;
  readonly changedAt: number;
}

/** The recipients table: the newest contact of each user, and tombstones of deleted users. */
export interface RecipientStore {
  find(userId: string): Promise<Recipient | undefined>;
  /** Keeps the change unless a newer one (or the user's deletion) is already stored. */
  saveContact(change: ContactChange): Promise<void>;
  /**
   * Forgets the user's contact, browsers, devices, phone and preferences, and cancels their notifications still
   * waiting (pending or held); resolves with how many.
   */
  forget(userId: string, deletedAt: number): Promise<number>;
}

/** One message to queue for one recipient on one channel. */
export interface OutboxEntry {
  readonly dedupKey: string;
  /** The user's id, or the address for someone without an account (an invitee). */
  readonly recipient: string;
  readonly channel: ChannelName;
  readonly userId: string | undefined;
  readonly category: string;
  readonly severity: string;
  readonly template: string;
  readonly address: string;
  /** What the channel's sender takes, rendered. */
  readonly message: unknown;
  /** Held (quiet hours, digest, rate limit) rather than due now. */
  readonly hold?: Hold;
}

/** Held rows of one user, channel and digest key that came due, to be sent as one message. */
export interface DueDigest {
  readonly userId: string;
  readonly channel: ChannelName;
  readonly address: string;
  readonly digestKey: string;
  /** The held messages as rendered when they were accepted, oldest first. */
  readonly held: readonly { readonly category: string; readonly message: unknown }[];
}

/** A row the dispatcher holds the lease of. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly channel: ChannelName;
  readonly address: string;
  readonly message: unknown;
  /** Attempts made before this one. */
  readonly attempts: number;
  /** The address was marked dead after this row was queued. */
  readonly suppressed: boolean;
}

/** What one attempt came to, for the delivery log. */
export interface AttemptRecord {
  readonly provider: string;
  readonly outcome: DeliveryOutcome['kind'] | 'suppressed';
  readonly reason?: string;
  readonly providerMessageId?: string;
  /** The HTTP status the provider answered, when it answered one. */
  readonly statusCode?: number;
}

/** Where a row goes after an attempt: done (one way or another), or due again after a delay. */
export type NextStep =
  | { readonly status: 'delivered' | 'failed' | 'suppressed' }
  | { readonly status: 'pending'; readonly delayMs: number };

/**
 * The outbox in PostgreSQL: rows unique by (dedup key, recipient, channel), claimed with a lease by any
 * number of dispatchers, each attempt logged in the same statement that settles the row.
 */
export interface OutboxStore {
  /** Queues the entries in one statement; resolves with how many were new (0: all were queued before). */
  enqueue(entries: readonly OutboxEntry[]): Promise<number>;
  /**
   * Leases up to `limit` due rows of the channels for `leaseMs` (rows other replicas hold are skipped, not
   * waited for).
   */
  claimDue(channels: readonly ChannelName[], limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Logs the attempt and moves the row on, releasing its lease. */
  settle(id: string, attempt: AttemptRecord, next: NextStep): Promise<void>;
  /** Releases the lease without an attempt: the row is due again in `delayMs` (its provider's circuit is open). */
  defer(id: string, delayMs: number): Promise<void>;
  /** Marks an address dead on a channel: rows to it are suppressed from now on. */
  suppressAddress(channel: ChannelName, address: string, reason: string): Promise<void>;
  /**
   * Queues one request's rows under a lock on its user and category: counts, for each draft, the rows (not
   * held) the user got on its channel and address since `sinceMs`, lets `decide` hold it or not, and inserts,
   * all in one transaction, so concurrent requests cannot both pass the rate limit. Resolves as `enqueue`.
   */
  enqueueRateLimited(
    scope: { readonly userId: string; readonly category: string; readonly sinceMs: number },
    drafts: readonly OutboxEntry[],
    decide: (draft: OutboxEntry, sentLastHour: number) => Hold | undefined,
  ): Promise<number>;
  /**
   * Takes held rows due at `nowMs` (rows other replicas are taking are skipped), groups them by user, channel
   * and digest key, and in one transaction queues what `render` makes of each group (its dedup key the
   * digest key) and settles the held rows with it ('digested'). Resolves with the digests queued.
   */
  collectDueHeld(
    nowMs: number,
    limit: number,
    render: (digest: DueDigest) => Promise<OutboxEntry>,
  ): Promise<number>;
}
