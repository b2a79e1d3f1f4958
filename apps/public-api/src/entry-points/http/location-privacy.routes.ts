import {
  HomeIdParams,
  HomePresenceResponse,
  LocationSharingRequest,
  LocationSharingResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { LocationPrivacyService } from '../../domain/location-privacy-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const sharingPath = '/account/location/sharing';

/** The caller's location sharing, and their homes' presence (home/away, never positions). */
export const locationPrivacyRoutes: HttpRoutes<{ privacy: LocationPrivacyService }> = (app, { privacy }) => {
  const tags = { tags: ['location'], ...authenticated };
  app.get(
    sharingPath,
    {
      ...forUsers('location:write'),
      schema: { ...tags, response: { 200: LocationSharingResponse, ...errorResponses(401, 403, 503) } },
    },
    async (request) => privacy.getSharing(userCallerOf(request)),
  );
  app.put(
    sharingPath,
    {
      ...forUsers('location:write'),
      schema: {
        ...tags,
        description:
          'Pause sharing (your fixes are ignored and you are unknown in every home: if you were the last one ' +
          'home, the home becomes empty), or keep your raw positions for some days (null: dropped once ' +
          'evaluated, and those kept are deleted). Audited.',
        body: LocationSharingRequest,
        response: { 200: LocationSharingResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => privacy.setSharing(userCallerOf(request), request.body),
  );
  app.get(
    '/homes/:homeId/presence',
    {
      ...forUsers('homes:read'),
      schema: {
        ...tags,
        description:
          "Whether the home is occupied and each member's status (home, away, unknown): never a position.",
        params: HomeIdParams,
        response: { 200: HomePresenceResponse, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) => privacy.homePresence(userCallerOf(request), request.params.homeId),
  );
  return Promise.resolve();
};
