import {
  HomeIdParams,
  HomePresenceResponse,
  LocationSharingRequest,
  LocationSharingResponse,
  UserIdParams,
} from '@homeport/contracts';
import { httpErrorSchema, type HttpRoutes } from '@homeport/http';
import type { LocationSharing } from '../../domain/location-sharing';
import type { SharingService } from '../../domain/sharing-service';

const errors = (...statuses: number[]) =>
  Object.fromEntries([401, ...statuses].map((status) => [status, httpErrorSchema]));

const toResponse = (sharing: LocationSharing): LocationSharingResponse => ({
  ...sharing,
  updatedAt: sharing.updatedAt === null ? null : new Date(sharing.updatedAt).toISOString(),
});

/** Members' location sharing and homes' presence (libs/contracts http/geofencing-api-privacy.ts). */
export const privacyRoutes: HttpRoutes<{ sharing: SharingService }> = (app, { sharing }) => {
  const tags = ['privacy'];
  app.get(
    '/users/:userId/location-sharing',
    { schema: { tags, params: UserIdParams, response: { 200: LocationSharingResponse, ...errors(400) } } },
    async (request) => toResponse(await sharing.get(request.params.userId)),
  );
  app.put(
    '/users/:userId/location-sharing',
    {
      schema: {
        tags,
        description:
          'Pausing makes the member unknown in every home at once; keepPositionsDays null deletes kept positions.',
        params: UserIdParams,
        body: LocationSharingRequest,
        response: { 200: LocationSharingResponse, ...errors(400) },
      },
    },
    async (request) => toResponse(await sharing.set(request.params.userId, request.body)),
  );
  app.get(
    '/homes/:homeId/presence',
    {
      schema: {
        tags,
        description: 'Occupancy and the members geofencing has seen there: statuses only, never a position.',
        params: HomeIdParams,
        response: { 200: HomePresenceResponse, ...errors(400) },
      },
    },
    async (request) => sharing.homePresence(request.params.homeId),
  );
  return Promise.resolve();
};
