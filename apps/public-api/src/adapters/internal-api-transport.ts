import { AppError, type ErrorKind } from '@homeport/errors';

/** Where an internal service's HTTP API (broker-api's, notifications') is and how public-api authenticates to it. */
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
}

/** One call to an internal service: the body of an expected answer, typed by the caller from the contract. */
export type InternalApiSend = <T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options?: {
    readonly body?: unknown;
    readonly query?: InternalApiQuery;
  },
) => Promise<T>;

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
 * Calls an internal service with its service token (Node's fetch), one transport for all of them. A 2xx
 * answers its JSON body (undefined for 204); 400/404/409/429 become an AppError with the service's code,
 * message and details; no answer, a timeout, 5xx, 401 or 403 (a wrong token is the deployment's fault, never
 * the caller's) are 503 with `unavailableCode`, the cause in the error for the log.
 */
export function createInternalApiTransport(options: InternalApiTransportOptions): InternalApiSend {
  const unavailable = (message: string, cause?: unknown) =>
    new AppError('unavailable', options.unavailableCode, message, { cause });
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return async <T>(
    method: string,
    path: string,
    { body, query }: { body?: unknown; query?: InternalApiQuery } = {},
  ) => {
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [key, value] of Object.entries(query ?? {})) {
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      for (const each of values) url.searchParams.append(key, String(each));
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw unavailable(`no answer from ${options.service} at ${url.origin}: ${describe(error)}`, error);
    }
    const answer = parseJson(text);
    if (response.ok) return answer as T;
    const kind = kindByStatus.get(response.status);
    const refusal = readRefusal(answer);
    if (kind !== undefined && refusal !== undefined) {
      throw new AppError(kind, refusal.code, refusal.message, { details: refusal.details });
    }
    throw unavailable(
      `${options.service} answered ${method} ${url.pathname} with ${response.status} ${refusal?.code ?? ''}`,
    );
  };
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
  // fetch hides the socket error (ECONNREFUSED, ...) in its cause.
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
