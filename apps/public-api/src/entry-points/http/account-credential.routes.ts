import {
  AuthorizationList,
  AuthorizationParams,
  CreatePersonalTokenRequest,
  CreatedPersonalTokenResponse,
  PersonalTokenList,
  PersonalTokenParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { AccountAuthorizations } from '../../domain/account-authorizations';
import type { PersonalTokenService } from '../../domain/personal-token-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toAuthorizationResponse, toPersonalTokenResponse } from './oauth-responses';

const account = { tags: ['account'], ...authenticated };

/** What the user gave out: the apps they authorized (OAuth) and their personal access tokens. */
export const accountCredentialRoutes: HttpRoutes<{
  authorizations: AccountAuthorizations;
  personalTokens: PersonalTokenService;
}> = (app, { authorizations, personalTokens }) => {
  app.get(
    '/account/authorizations',
    {
      ...forUsers('account:read'),
      schema: { ...account, response: { 200: AuthorizationList, ...errorResponses(401, 403) } },
    },
    async (request) => ({
      items: (await authorizations.list(userCallerOf(request))).map(toAuthorizationResponse),
    }),
  );
  app.delete(
    '/account/authorizations/:clientId',
    {
      ...forUsers('account:write'),
      schema: {
        ...account,
        description: "Revokes the app's access: every refresh and access token it holds of this user.",
        params: AuthorizationParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await authorizations.revoke(userCallerOf(request), request.params.clientId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/account/tokens',
    {
      ...forUsers('account:write'),
      schema: {
        ...account,
        description: 'A personal access token for scripts; the token is in this answer only.',
        body: CreatePersonalTokenRequest,
        response: { 201: CreatedPersonalTokenResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { token, secret } = await personalTokens.create(userCallerOf(request), request.body);
      return reply.code(201).send({ ...toPersonalTokenResponse(token), token: secret });
    },
  );
  app.get(
    '/account/tokens',
    {
      ...forUsers('account:write'),
      schema: { ...account, response: { 200: PersonalTokenList, ...errorResponses(401, 403) } },
    },
    async (request) => ({
      items: (await personalTokens.list(userCallerOf(request))).map(toPersonalTokenResponse),
    }),
  );
  app.delete(
    '/account/tokens/:tokenId',
    {
      ...forUsers('account:write'),
      schema: {
        ...account,
        params: PersonalTokenParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await personalTokens.revoke(userCallerOf(request), request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
