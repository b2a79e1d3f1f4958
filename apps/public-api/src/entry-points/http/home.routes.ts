import {
  CreateHomeRequest,
  HomeIdParams,
  HomeList,
  HomeMemberParams,
  HomeResponse,
  InvitationResponse,
  InviteMemberRequest,
  MemberList,
  UpdateHomeRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { HomeService } from '../../domain/home-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toHomeInvitationResponse, toHomeResponse, toMemberResponse } from './responses';

const homesTag = { tags: ['homes'], ...authenticated };

/** Homes and their members, each confined to the caller's homes. */
export const homeRoutes: HttpRoutes<{ homes: HomeService }> = (app, { homes }) => {
  app.post(
    '/homes',
    {
      ...forUsers('homes:write'),
      schema: {
        ...homesTag,
        body: CreateHomeRequest,
        response: { 201: HomeResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toHomeResponse(await homes.createHome(userCallerOf(request), request.body))),
  );
  app.get(
    '/homes',
    {
      ...forUsers('homes:read'),
      schema: { ...homesTag, response: { 200: HomeList, ...errorResponses(401) } },
    },
    async (request) => ({ items: (await homes.listHomes(userCallerOf(request))).map(toHomeResponse) }),
  );
  app.get(
    '/homes/:homeId',
    {
      ...forUsers('homes:read'),
      schema: {
        ...homesTag,
        params: HomeIdParams,
        response: { 200: HomeResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => toHomeResponse(await homes.getHome(userCallerOf(request), request.params.homeId)),
  );
  app.patch(
    '/homes/:homeId',
    {
      ...forUsers('homes:write'),
      schema: {
        ...homesTag,
        description:
          "Owners only: the home's zone for geofencing, a circle (location and radiusMeters) or a polygon " +
          '(zone, radiusMeters null); a field given replaces it, null clears it. A polygon unusable as a zone ' +
          'is 400 ZONE_POLYGON_INVALID naming why; a polygon with a radius 400 ZONE_CONFLICT; a radius ' +
          'without a location 400 LOCATION_REQUIRED. Audited.',
        params: HomeIdParams,
        body: UpdateHomeRequest,
        response: { 200: HomeResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      toHomeResponse(await homes.updateHome(userCallerOf(request), request.params.homeId, request.body)),
  );
  app.get(
    '/homes/:homeId/members',
    {
      ...forUsers('homes:read'),
      schema: {
        ...homesTag,
        params: HomeIdParams,
        response: { 200: MemberList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({
      items: (await homes.listMembers(userCallerOf(request), request.params.homeId)).map(toMemberResponse),
    }),
  );
  app.delete(
    '/homes/:homeId/members/:userId',
    {
      ...forUsers('homes:write'),
      schema: {
        ...homesTag,
        description:
          'Owners remove anyone, members themselves; the last owner cannot be removed (LAST_OWNER).',
        params: HomeMemberParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await homes.removeMember(userCallerOf(request), request.params.homeId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/homes/:homeId/invitations',
    {
      ...forUsers('homes:write'),
      schema: {
        ...homesTag,
        description:
          'Owners only. The invitation email is queued (home.member-invited.v1) before the answer.',
        params: HomeIdParams,
        body: InviteMemberRequest,
        response: { 201: InvitationResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          toHomeInvitationResponse(
            await homes.inviteMember(userCallerOf(request), request.params.homeId, request.body),
          ),
        ),
  );
  return Promise.resolve();
};
