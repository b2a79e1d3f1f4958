/** Transport-neutral error kinds; each transport maps them to its own codes in one place. */
export const errorKinds = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  // A condition the request carried (HTTP If-Match) no longer holds: the resource changed since it was read.
  'precondition_failed',
  // The request must say which version it changes (HTTP If-Match), so it cannot overwrite an unseen change.
  'precondition_required',
  // Too many requests from one address, credential or account: wait (the transport says how long) and retry.
  'rate_limited',
  'unavailable',
  'internal',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** Details that help a caller fix its request (e.g. the offending fields). */
export type ErrorDetails = Record<string, unknown>;

/** The one application error: a stable machine-readable `code`, a `kind`, and a human message. */
export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: ErrorDetails | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    options?: { details?: ErrorDetails; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = options?.details;
  }
}

/** True for an AppError (also across copies of this module). */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** True when retrying later may succeed (a dependency was away), as opposed to a request that will never succeed. */
export function isTransient(error: unknown): boolean {
  return isAppError(error) ? error.kind === 'unavailable' : false;
}
