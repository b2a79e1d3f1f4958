/** A request of an isolation matrix: a route, and a body that would succeed for an entitled caller. */
export interface RawRoute {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/** Sends `route` with exactly this Authorization header (or none), answering the status and error code. */
export async function sendRaw(
  baseUrl: string,
  route: RawRoute,
  authorization: string | undefined,
): Promise<{ status: number; code: string | undefined }> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  if (route.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${route.path}`, {
    method: route.method,
    headers,
    body: route.body === undefined ? undefined : JSON.stringify(route.body),
  });
  return { status: response.status, code: ((await response.json()) as { code?: string }).code };
}
