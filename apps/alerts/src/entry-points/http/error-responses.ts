import { httpErrorSchema } from '@homeport/http';

/** The error bodies of a route's OpenAPI responses: 401 (the service token) and the statuses given. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries([401, ...statuses].map((status) => [status, httpErrorSchema]));
