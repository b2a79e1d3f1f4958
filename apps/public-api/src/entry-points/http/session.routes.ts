import { LoginRequest, RefreshRequest, TokenPairResponse } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { SessionService } from '../../domain/session-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import type { RateLimits } from './rate-limits';
import { toTokenPairResponse } from './responses';

const sessionsTag = { tags: ['sessions'] };

/** Log in and refresh: no access token (the refresh token is the credential). */
export const publicSessionRoutes: HttpRoutes<{ sessions: SessionService; rateLimits: RateLimits }> = (
  app,
  { sessions, rateLimits },
) => {
  app.post(
    '/sessions',
    {
      schema: {
        ...sessionsTag,
        description:
          'Failed logins are limited per email and per address (429 RATE_LIMITED with Retry-After); while ' +
          'a limit is reached, the right password is refused too.',
        body: LoginRequest,
        response: { 201: TokenPairResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const pair = await sessions.login(request.body, rateLimits.loginAttemptsOf(request, reply));
      return reply.code(201).send(toTokenPairResponse(pair));
    },
  );
  app.post(
    '/sessions/refresh',
    {
      schema: {
        ...sessionsTag,
        description:
          'Uses the refresh token once and answers a new pair. Presenting a used refresh token ends its whole ' +
          'session (REFRESH_TOKEN_REUSED): every later refresh and access token of it is refused.',
        body: RefreshRequest,
        response: { 200: TokenPairResponse, ...errorResponses(400, 401) },
      },
    },
    async (request) => toTokenPairResponse(await sessions.refresh(request.body.refreshToken)),
  );
  return Promise.resolve();
};

/** Log out: ends the caller's session (its refresh token and access tokens). */
export const sessionRoutes: HttpRoutes<{ sessions: SessionService }> = (app, { sessions }) => {
  app.delete(
    '/sessions/current',
    {
      ...forUsers('account:write'),
      schema: { ...sessionsTag, ...authenticated, response: { 204: Type.Null(), ...errorResponses(401) } },
    },
    async (request, reply) => {
      await sessions.logout(userCallerOf(request));
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
