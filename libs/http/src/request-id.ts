import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header that carries the request id in and out. */
export const requestIdHeader = 'x-request-id';

// Wide enough for UUIDs and trace ids, narrow enough that a client cannot inject log noise.
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when a client-supplied request id is safe to reuse in logs and responses. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && saneRequestId.test(value);
}

/** The id of an incoming request: the caller's `x-request-id` when sane, else a new UUID. */
export function generateRequestId(request: IncomingMessage): string {
  const incoming = request.headers[requestIdHeader];
  return isSaneRequestId(incoming) ? incoming : randomUUID();
}
