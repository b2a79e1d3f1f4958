/** Status and parsed JSON body of an HTTP answer (`undefined` when the body is empty). */
export interface JsonAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/**
 * Calls a JSON HTTP API: `body` sent as JSON when given, `token` as `Authorization: Bearer` when given.
 * The caller names the body type it expects; tests check the values.
 */
export async function requestJson<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly token?: string } = {},
): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> =
    options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}
