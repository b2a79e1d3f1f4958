import {
  CreatedOwnTracksCredential,
  CreateOwnTracksCredentialRequest,
  LocationFixesAccepted,
  OwnTracksCredentialList,
  OwnTracksCredentialParams,
  PostLocationFixesRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { LocationService } from '../../domain/location-service';
import type { OwnTracksCredential } from '../../domain/locations';
import type { OwnTracksCredentialService } from '../../domain/owntracks-credential-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const locationTag = { tags: ['location'], ...authenticated };
const credentialsPath = '/account/location/owntracks-credentials';
/** 100 fixes of about 200 bytes, with room to spare; a larger body is 413 before it is parsed. */
const fixesBodyLimitBytes = 64 * 1024;

const toCredentialResponse = (credential: OwnTracksCredential) => ({
  id: credential.id,
  phone: credential.phone,
  username: credential.username,
  createdAt: credential.createdAt.toISOString(),
  lastUsedAt: credential.lastUsedAt?.toISOString() ?? null,
});

/** The caller's phones' fixes, and the HTTP Basic credentials of their OwnTracks apps. */
export const locationRoutes: HttpRoutes<{
  locations: LocationService;
  ownTracksCredentials: OwnTracksCredentialService;
  /** Where the OwnTracks app posts (`<public address>/v1/owntracks`). */
  ownTracksUrl: string;
}> = (app, { locations, ownTracksCredentials, ownTracksUrl }) => {
  app.post(
    '/account/location/fixes',
    {
      ...forUsers('location:write'),
      bodyLimit: fixesBodyLimitBytes,
      schema: {
        ...locationTag,
        description:
          "A batch of the caller's phone's fixes (at most 100), for geofencing: each home of the caller's " +
          'that has a location learns whether they are home. A fix dated more than 5 minutes ahead or more ' +
          'than 7 days back is 400 FIX_TIME_INVALID. Positions are not stored.',
        body: PostLocationFixesRequest,
        response: { 202: LocationFixesAccepted, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await locations.postFixes(userCallerOf(request), request.body)),
  );
  app.post(
    credentialsPath,
    {
      ...forUsers('location:write'),
      schema: {
        ...locationTag,
        description:
          "A credential for one phone's OwnTracks app (HTTP mode, Basic auth): its username and password " +
          '(shown once) and the URL to enter. Audited.',
        body: CreateOwnTracksCredentialRequest,
        response: { 201: CreatedOwnTracksCredential, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const created = await ownTracksCredentials.create(userCallerOf(request), request.body.phone);
      const answer = {
        credential: toCredentialResponse(created.credential),
        password: created.password,
        url: ownTracksUrl,
      };
      return reply.code(201).send(answer);
    },
  );
  app.get(
    credentialsPath,
    {
      ...forUsers('location:write'),
      schema: { ...locationTag, response: { 200: OwnTracksCredentialList, ...errorResponses(401, 403) } },
    },
    async (request) => ({
      items: (await ownTracksCredentials.list(userCallerOf(request))).map(toCredentialResponse),
    }),
  );
  app.delete(
    `${credentialsPath}/:credentialId`,
    {
      ...forUsers('location:write'),
      schema: {
        ...locationTag,
        description: 'Revokes the credential: its phone is refused (401) from its next post. Audited.',
        params: OwnTracksCredentialParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await ownTracksCredentials.revoke(userCallerOf(request), request.params.credentialId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
