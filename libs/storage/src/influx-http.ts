import http from 'node:http';
import https from 'node:https';
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
  return explainErrorText(text, response.headers.get('x-influxdb-error'), response.statusText);
}

function explainErrorText(text: string, headerError: string | null, statusText: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.trim() || (headerError ?? statusText);
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

// Keep-alive sockets for writes: node:http costs the writer about a third of fetch's CPU per request
// (measured: 225-320 µs against 630-990 µs for a small /write, one at a time; tools/bench/README.md).
const keepAliveAgents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

function unreachable(error: unknown): AppError {
  const message = isError(error) ? error.message : String(error);
  return new AppError('unavailable', 'INFLUX_UNAVAILABLE', `influxdb unreachable: ${message}`, {
    cause: error,
  });
}

/**
 * POSTs a body and resolves on a 2xx answer (its body drained), through node:http with keep-alive: the
 * write path's request, where fetch's per-request cost showed. Errors as `sendInfluxRequest`.
 */
export function postInfluxBody(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
): Promise<void> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const agent = target.protocol === 'https:' ? keepAliveAgents['https:'] : keepAliveAgents['http:'];
  const payload = Buffer.from(body);
  return new Promise<void>((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { ...headers, 'content-length': String(payload.length) },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => {
          reject(unreachable(error));
        });
        response.on('end', () => {
          if (status >= 200 && status < 300) {
            resolve();
            return;
          }
          const headerError = response.headers['x-influxdb-error'];
          const text = Buffer.concat(chunks).toString('utf8');
          const reason = explainErrorText(
            text,
            typeof headerError === 'string' ? headerError : null,
            response.statusMessage ?? '',
          );
          reject(translateStatus(status, reason));
        });
      },
    );
    request.on('timeout', () => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    request.on('error', (error) => {
      reject(unreachable(error));
    });
    request.end(payload);
  });
}
