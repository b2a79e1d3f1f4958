import { AppError, type ErrorKind } from '@homeport/errors';
import { Agent, request } from 'undici';

/** Where an internal service's HTTP API (broker-api's, notifications', geofencing's) is and how a service authenticates to it. */
export interface InternalApiTransportOptions {
  /** The service's name, in the messages of its errors: `broker-api`. */
  readonly service: string;
  /** e.g. `http://broker-api:8080` (a path prefix is kept). */
  readonly baseUrl: string;
  /** The service's API token (`BROKER_API_TOKEN`), sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** One request's time limit, body included. */
  readonly timeoutMs: number;
  /** The code of the 503 when the service does not answer as it should: `BROKER_API_UNAVAILABLE`. */
  readonly unavailableCode: string;
  /** Most connections kept open to the service (default 64): beyond it requests wait for a free one. */
  readonly maxConnections?: number;
}

/** Idle pooled connections are closed after this: below Node's default server keep-alive timeout (5 s). */
const keepAliveTimeoutMs = 4000;

/** One call to an internal service: the body of an expected answer, typed by the caller from the contract. */
export type InternalApiSend = <T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options?: {
    readonly body?: unknown;
    readonly query?: InternalApiQuery;
  },
) => Promise<T>;

/** Calls to an internal service, and the end of its pooled connections (at shutdown: idle ones would hold the process). */
export type InternalApiTransport = InternalApiSend & { close(): Promise<void> };

/** Query parameters; a list repeats its parameter (`ownerIds=a&ownerIds=b`). */
export type InternalApiQuery = Readonly<
  Record<string, string | number | boolean | readonly string[] | undefined>
>;

// An internal service's refusals that say something about the request pass through with their code: its
// codes are the platform's (DEVICE_NOT_FOUND, DESIRED_VERSION_MISMATCH, PHONE_CODE_INVALID, ...).
const kindByStatus: ReadonlyMap<number, ErrorKind> = new Map([
  [400, 'invalid'],
  [404, 'not_found'],
  [409, 'conflict'],
  [429, 'rate_limited'],
]);

/**
 * Calls an internal service with its service token over a pool of kept-alive connections (undici's Agent: no
 * TCP or HTTP setup per call, and cheaper per call than Node's fetch), one transport for all of them. A 2xx
 * answers its JSON body (undefined for 204); 400/404/409/429 become an AppError with the service's code,
 * message and details; no answer, a timeout, 5xx, 401 or 403 (a wrong token is the deployment's fault, never
 * the caller's) are 503 with `unavailableCode`, the cause in the error for the log.
 */
export function createInternalApiTransport(options: InternalApiTransportOptions): InternalApiTransport {
  const unavailable = (message: string, cause?: unknown) =>
    new AppError('unavailable', options.unavailableCode, message, { cause });
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const dispatcher = new Agent({
    connections: options.maxConnections ?? 64,
    keepAliveTimeout: keepAliveTimeoutMs,
    keepAliveMaxTimeout: keepAliveTimeoutMs,
  });
  const authorization = `Bearer ${options.token}`;
  const send = async <T>(
    method: Parameters<InternalApiSend>[0],
    path: string,
    { body, query }: { body?: unknown; query?: InternalApiQuery } = {},
  ) => {
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [key, value] of Object.entries(query ?? {})) {
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      for (const each of values) url.searchParams.append(key, String(each));
    }
    let status: number;
    let text: string;
    // A timer cleared at the answer, not AbortSignal.timeout: that one lives on for the whole timeout after
    // the answer, and cost about 80 µs a call on Node 20 (measured), a tenth of a device read's CPU here.
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      deadline.abort(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    try {
      const response = await request(url, {
        dispatcher,
        method,
        headers: {
          authorization,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: deadline.signal,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw unavailable(`no answer from ${options.service} at ${url.origin}: ${describe(error)}`, error);
    } finally {
      clearTimeout(timer);
    }
    const answer = parseJson(text);
    if (status >= 200 && status < 300) return answer as T;
    const kind = kindByStatus.get(status);
    const refusal = readRefusal(answer);
    if (kind !== undefined && refusal !== undefined) {
      throw new AppError(kind, refusal.code, refusal.message, { details: refusal.details });
    }
    throw unavailable(
      `${options.service} answered ${method} ${url.pathname} with ${status} ${refusal?.code ?? ''}`,
    );
  };
  return Object.assign(send, { close: () => dispatcher.close() });
}

function readRefusal(
  body: unknown,
): { code: string; message: string; details?: Record<string, unknown> } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { code, message, details } = body as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  const isRecord = typeof details === 'object' && details !== null;
  return { code, message, ...(isRecord && { details: details as Record<string, unknown> }) };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // A wrapped socket error (ECONNREFUSED, ...) is in its cause.
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
