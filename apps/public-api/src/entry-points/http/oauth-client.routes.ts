import {
  OAuthClientList,
  RegisterOAuthClientRequest,
  RegisteredOAuthClientResponse,
  VendorClientsParams,
  VendorOAuthClientParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { OAuthClientService } from '../../domain/oauth-client-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toOAuthClientResponse } from './oauth-responses';

// Vendor admins with their own session (canAdministerVendor): account:write is a session's alone.
const clientsTag = { tags: ['oauth clients'], ...authenticated };

/** A vendor's registered OAuth clients, managed by its admins. */
export const oauthClientRoutes: HttpRoutes<{ oauthClients: OAuthClientService }> = (
  app,
  { oauthClients },
) => {
  app.post(
    '/vendors/:vendorId/oauth-clients',
    {
      ...forUsers('account:write'),
      schema: {
        ...clientsTag,
        description: "Registers a client. A confidential client's secret is in this answer only.",
        params: VendorClientsParams,
        body: RegisterOAuthClientRequest,
        response: { 201: RegisteredOAuthClientResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { client, secret } = await oauthClients.register(
        userCallerOf(request),
        request.params.vendorId,
        request.body,
      );
      const answer = toOAuthClientResponse(client);
      return reply.code(201).send(secret === undefined ? answer : { ...answer, clientSecret: secret });
    },
  );
  app.get(
    '/vendors/:vendorId/oauth-clients',
    {
      ...forUsers('account:write'),
      schema: {
        ...clientsTag,
        params: VendorClientsParams,
        response: { 200: OAuthClientList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await oauthClients.list(userCallerOf(request), request.params.vendorId)).map(
        toOAuthClientResponse,
      ),
    }),
  );
  app.delete(
    '/vendors/:vendorId/oauth-clients/:clientId',
    {
      ...forUsers('account:write'),
      schema: {
        ...clientsTag,
        description: 'Deletes the client: every code, grant and token it holds stops working at once.',
        params: VendorOAuthClientParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { vendorId, clientId } = request.params;
      await oauthClients.delete(userCallerOf(request), vendorId, clientId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
