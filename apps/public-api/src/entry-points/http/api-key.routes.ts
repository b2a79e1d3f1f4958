import {
  ApiKeyIdParams,
  ApiKeyList,
  CreateApiKeyRequest,
  CreatedApiKeyResponse,
  VendorIdParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { ApiKeyService } from '../../domain/api-key-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toApiKeyResponse } from './responses';

const apiKeysTag = { tags: ['api keys'], ...authenticated };

/** A vendor's API keys, managed by its admins with their own session (a key never makes keys). */
export const apiKeyRoutes: HttpRoutes<{ apiKeys: ApiKeyService }> = (app, { apiKeys }) => {
  app.post(
    '/vendors/:vendorId/api-keys',
    {
      ...forUsers('account:write'),
      schema: {
        ...apiKeysTag,
        description:
          'Admins only. The answer holds the key (`key`) this once; only its SHA-256 is stored. Scopes are ' +
          'vendor scopes (another is 400 SCOPE_NOT_ALLOWED naming it); expiresInDays 1-365, default 90.',
        params: VendorIdParams,
        body: CreateApiKeyRequest,
        response: { 201: CreatedApiKeyResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const created = await apiKeys.createKey(userCallerOf(request), request.params.vendorId, request.body);
      return reply.code(201).send({ ...toApiKeyResponse(created.key), key: created.token });
    },
  );
  app.get(
    '/vendors/:vendorId/api-keys',
    {
      ...forUsers('account:write'),
      schema: {
        ...apiKeysTag,
        description: 'Admins only: every key of the vendor (revoked and expired too), never a secret.',
        params: VendorIdParams,
        response: { 200: ApiKeyList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await apiKeys.listKeys(userCallerOf(request), request.params.vendorId)).map(toApiKeyResponse),
    }),
  );
  app.delete(
    '/vendors/:vendorId/api-keys/:keyId',
    {
      ...forUsers('account:write'),
      schema: {
        ...apiKeysTag,
        description: 'Admins only. Revokes the key: the next request with it is 401 API_KEY_REVOKED.',
        params: ApiKeyIdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await apiKeys.revokeKey(userCallerOf(request), request.params.vendorId, request.params.keyId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
