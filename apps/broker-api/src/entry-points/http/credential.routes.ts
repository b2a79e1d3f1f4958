import {
  CredentialIdParams,
  CredentialList,
  CredentialResponse,
  DeviceIdParams,
  IssuedCredentialResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { CredentialService } from '../../domain/credential-service';
import { errorResponses } from './error-responses';
import { toCredentialResponse, toIssuedCredentialResponse } from './responses';

const tags = ['credentials'];
const shownOnce = 'The secret is in this answer only; it is stored as a keyed hash.';

/** Device credentials: issue, rotate, revoke, list (metadata only). */
export const credentialRoutes: HttpRoutes<{ credentials: CredentialService }> = async (
  app,
  { credentials },
) => {
  app.post(
    '/devices/:deviceId/credentials',
    {
      schema: {
        tags,
        description: `Issues the device's first credential (409 when one is active: rotate). ${shownOnce}`,
        params: DeviceIdParams,
        response: { 201: IssuedCredentialResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toIssuedCredentialResponse(await credentials.issue(request.params.deviceId))),
  );
  app.post(
    '/devices/:deviceId/credentials/rotate',
    {
      schema: {
        tags,
        description: `Issues a new credential and revokes the active ones (their connections close). ${shownOnce}`,
        params: DeviceIdParams,
        response: { 201: IssuedCredentialResponse, ...errorResponses(404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toIssuedCredentialResponse(await credentials.rotate(request.params.deviceId))),
  );
  app.post(
    '/devices/:deviceId/credentials/:credentialId/revoke',
    {
      schema: {
        tags,
        description: 'Revokes the credential; a device connected with it is disconnected within seconds.',
        params: CredentialIdParams,
        response: { 200: CredentialResponse, ...errorResponses(404) },
      },
    },
    async (request) =>
      toCredentialResponse(await credentials.revoke(request.params.deviceId, request.params.credentialId)),
  );
  app.get(
    '/devices/:deviceId/credentials',
    { schema: { tags, params: DeviceIdParams, response: { 200: CredentialList, ...errorResponses(404) } } },
    async (request) => ({
      items: (await credentials.list(request.params.deviceId)).map(toCredentialResponse),
    }),
  );
  return Promise.resolve();
};
