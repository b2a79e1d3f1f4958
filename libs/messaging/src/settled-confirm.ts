/**
 * A publish's confirm that waits until the message has left the broker for good: every copy of it held in
 * a queue that confirms after handling (and every retry copy made of those) was acknowledged by its
 * consumer, or was dropped because the broker closed (then the confirm fails).
 */
export interface SettledConfirm {
  /** A queue took a copy that it holds until its consumer acknowledges it. */
  hold(): void;
  /** A held copy was acknowledged (or handed on to another holder that held it first). */
  release(): void;
  /** The broker closed with a held copy in it. */
  fail(error: Error): void;
  /** Resolves once every held copy is released; rejects if one was dropped. */
  readonly settled: Promise<void>;
}

/** A confirm with one hold already taken by its publish, released once the publish has routed it. */
export function createSettledConfirm(): SettledConfirm {
  let holds = 1;
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const settled = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return {
    hold() {
      holds += 1;
    },
    release() {
      holds -= 1;
      if (holds === 0) resolve();
    },
    fail(error) {
      reject(error);
    },
    settled,
  };
}
