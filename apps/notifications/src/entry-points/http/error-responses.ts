import { httpErrorSchema } from '@homeport/http';

/** Error responses for the OpenAPI document of a route: 401 always, plus the given statuses. */
export function errorResponses(
  ...statuses: (400 | 404 | 409 | 503)[]
): Record<number, typeof httpErrorSchema> {
  return Object.fromEntries([401, ...statuses].map((status) => [status, httpErrorSchema]));
}
