import { AppError } from '@homeport/errors';
import { isError } from './is-error';

/** Credentials: a token (InfluxDB 2.x/3 v1-compatible API, `Authorization: Token X`) or a 1.x user. */
export type InfluxAuth =
  { readonly token: string } | { readonly username: string; readonly password: string };

/** Where an InfluxDB v1 HTTP API (/write, /query, /ping) listens. */
export interface InfluxConnectionOptions {
  /** Base URL, e.g. http://127.0.0.1:8086. */
  readonly url: string;
  /** Database (1.x) or mapped bucket (2.x and later). */
  readonly database: string;
  readonly auth?: InfluxAuth;
  /** Per-request timeout (default 10000). */
  readonly timeoutMs?: number;
}

/** Builds `${url}/${path}?params`, keeping a path prefix of the base URL (e.g. behind a proxy). */
export function buildInfluxUrl(baseUrl: string, path: string, params: Record<string, string>): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path}?${new URLSearchParams(params).toString()}`;
}

/** The Authorization header for the given credentials, if any. */
export function buildAuthHeaders(auth: InfluxAuth | undefined): Record<string, string> {
  if (auth === undefined) return {};
  if ('token' in auth) return { authorization: `Token ${auth.token}` };
  const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  return { authorization: `Basic ${basic}` };
}

async function readErrorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.trim() || (response.headers.get('x-influxdb-error') ?? response.statusText);
}

function translateStatus(status: number, message: string): AppError {
  const text = `influxdb answered ${status}: ${message}`;
  const details = { status };
  if (status >= 500 || status === 408 || status === 429) {
    return new AppError('unavailable', 'INFLUX_UNAVAILABLE', text, { details });
  }
  if (status === 401) return new AppError('unauthenticated', 'INFLUX_UNAUTHENTICATED', text, { details });
  if (status === 403) return new AppError('forbidden', 'INFLUX_FORBIDDEN', text, { details });
  return new AppError('invalid', 'INFLUX_REQUEST_INVALID', text, { details });
}

/**
 * Sends one request and resolves with a 2xx response. Rejects with AppError `unavailable` when the
 * server cannot be reached, times out or answers 5xx/408/429; `invalid` (401 `unauthenticated`, 403
 * `forbidden`) for other 4xx, with the server's error text.
 */
export async function sendInfluxRequest(
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // fetch reports 'fetch failed' and puts the socket's error (e.g. ECONNREFUSED) in `cause`.
    const reason = isError(error) && isError(error.cause) ? error.cause : error;
    const message = isError(reason) ? reason.message : String(reason);
    throw new AppError('unavailable', 'INFLUX_UNAVAILABLE', `influxdb unreachable: ${message}`, {
      cause: error,
    });
  }
  if (response.ok) return response;
  throw translateStatus(response.status, await readErrorText(response));
}
