import { AppError, type ErrorKind } from '@homeport/errors';

/** Where broker-api's internal HTTP API is and how public-api authenticates to it. */
export interface BrokerApiTransportOptions {
  /** e.g. `http://broker-api:8080` (a path prefix is kept). */
  readonly baseUrl: string;
  /** broker-api's `BROKER_API_TOKEN`, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** One request's time limit, body included. */
  readonly timeoutMs: number;
}

/** One call to broker-api: the body of an expected answer, typed by the caller from the contract. */
export type BrokerApiSend = <T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options?: {
    readonly body?: unknown;
    readonly query?: BrokerApiQuery;
  },
) => Promise<T>;

/** Query parameters; a list repeats its parameter (`ownerIds=a&ownerIds=b`). */
export type BrokerApiQuery = Readonly<
  Record<string, string | number | boolean | readonly string[] | undefined>
>;

// broker-api's refusals that say something about the request pass through with their code: its codes are
// the platform's (DEVICE_NOT_FOUND, DESIRED_VERSION_MISMATCH, PAYLOAD_TOO_DEEP, ...).
const kindByStatus: ReadonlyMap<number, ErrorKind> = new Map([
  [400, 'invalid'],
  [404, 'not_found'],
  [409, 'conflict'],
]);

/**
 * Calls broker-api with its service token (Node's fetch). A 2xx answers its JSON body (undefined for 204);
 * 400/404/409 become an AppError with broker-api's code, message and details; no answer, a timeout, 5xx,
 * 401 or 403 (a wrong token is the deployment's fault, never the caller's) are 503 BROKER_API_UNAVAILABLE,
 * the cause in the error for the log.
 */
export function createBrokerApiTransport(options: BrokerApiTransportOptions): BrokerApiSend {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return async <T>(
    method: string,
    path: string,
    { body, query }: { body?: unknown; query?: BrokerApiQuery } = {},
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
      throw unavailable(`no answer from broker-api at ${url.origin}: ${describe(error)}`, error);
    }
    const answer = parseJson(text);
    if (response.ok) return answer as T;
    const kind = kindByStatus.get(response.status);
    const refusal = readRefusal(answer);
    if (kind !== undefined && refusal !== undefined) {
      throw new AppError(kind, refusal.code, refusal.message, { details: refusal.details });
    }
    throw unavailable(
      `broker-api answered ${method} ${url.pathname} with ${response.status} ${refusal?.code ?? ''}`,
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

function unavailable(message: string, cause?: unknown): AppError {
  return new AppError('unavailable', 'BROKER_API_UNAVAILABLE', message, { cause });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the socket error (ECONNREFUSED, ...) in its cause.
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
