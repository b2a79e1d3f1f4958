import { AppError } from '@homeport/errors';
import { httpErrorSchema, type HttpApp } from '@homeport/http';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../domain/sessions';
import type { SessionService } from '../../domain/session-service';

/** The OpenAPI security scheme of the access tokens. */
export const bearerSecurityScheme = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /v1/sessions (EdDSA JWT, 15 minutes by default).',
  },
} as const;

/** What an authenticated route declares: the scheme, and its 401. */
export const authenticated = { security: [{ bearerAuth: [] }] };

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Requires a valid access token of a live session on every route of `scope` (an encapsulated plugin scope):
 * none is 401 UNAUTHENTICATED; a bad one ACCESS_TOKEN_INVALID or ACCESS_TOKEN_EXPIRED; an ended session's
 * SESSION_ENDED.
 */
export function requireAccessToken(scope: HttpApp, sessions: SessionService): void {
  scope.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (match?.[1] === undefined) {
      throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'a bearer access token is required');
    }
    callers.set(request, await sessions.authenticate(match[1]));
  });
}

/** The caller `requireAccessToken` resolved for this request. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  // A route outside the authenticated scope asked for a caller: a wiring bug, not the client's fault.
  if (caller === undefined) throw new Error(`no caller resolved for ${request.method} ${request.url}`);
  return caller;
}

/** Error responses for the OpenAPI document of a route. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 503)[]) {
  return Object.fromEntries(statuses.map((status) => [status, httpErrorSchema]));
}
