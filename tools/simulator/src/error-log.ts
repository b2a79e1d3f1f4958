/** Errors of a run: all of them counted, the first few kept word for word for the summary. */
export interface ErrorLog {
  add(message: string): void;
  readonly count: number;
  /** The first `keep` messages, in order. */
  readonly first: readonly string[];
}

/** An error log keeping the first `keep` messages (a hundred devices failing alike would say the same). */
export function createErrorLog(keep = 10): ErrorLog {
  const first: string[] = [];
  let count = 0;
  return {
    add(message) {
      count += 1;
      if (first.length < keep) first.push(message);
    },
    get count() {
      return count;
    },
    first,
  };
}
