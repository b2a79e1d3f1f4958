/** How a caller uses the one session: statements that each commit alone, or a transaction of its own. */
export type SessionUse = 'statement' | 'transaction';

/** Gives the one session of the embedded database to its callers in arrival order; see createSessionLock. */
export interface SessionLock {
  /** Resolves with the function that gives the session back, once it is this caller's turn. */
  acquire(use: SessionUse): Promise<() => void>;
}

interface Waiter {
  readonly use: SessionUse;
  grant(release: () => void): void;
}

/**
 * The session PGlite has, shared in arrival order. Statements outside a transaction may be in flight
 * together (the database runs them one after the other, each committing alone), so a busy event loop sends
 * them without a round trip between each; a transaction (a checked-out client) waits for them to finish and
 * holds the session alone until it is released, so transactions never interleave with anything.
 */
export function createSessionLock(): SessionLock {
  const queue: Waiter[] = [];
  let statements = 0;
  let transaction = false;

  const grantWaiting = (): void => {
    for (let head = queue[0]; head !== undefined && !transaction; head = queue[0]) {
      if (head.use === 'transaction' && statements > 0) return;
      queue.shift();
      if (head.use === 'transaction') transaction = true;
      else statements += 1;
      head.grant(releaseOnce(head.use));
    }
  };

  const releaseOnce = (use: SessionUse) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (use === 'transaction') transaction = false;
      else statements -= 1;
      grantWaiting();
    };
  };

  return {
    acquire: (use) =>
      new Promise((resolve) => {
        queue.push({ use, grant: resolve });
        grantWaiting();
      }),
  };
}
