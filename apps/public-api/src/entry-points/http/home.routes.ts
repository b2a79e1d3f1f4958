import {
  CreateHomeRequest,
  HomeIdParams,
  HomeList,
  HomeMemberParams,
  HomeResponse,
  InvitationResponse,
  InviteMemberRequest,
  MemberList,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { HomeService } from '../../domain/home-service';
import { authenticated, callerOf, errorResponses } from './authenticate';
import { toHomeResponse, toInvitationResponse, toMemberResponse } from './responses';

const homesTag = { tags: ['homes'], ...authenticated };

/** Homes and their members, each confined to the caller's homes. */
export const homeRoutes: HttpRoutes<{ homes: HomeService }> = (app, { homes }) => {
  app.post(
    '/homes',
    {
      schema: {
        ...homesTag,
        body: CreateHomeRequest,
        response: { 201: HomeResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toHomeResponse(await homes.createHome(callerOf(request), request.body))),
  );
  app.get(
    '/homes',
    { schema: { ...homesTag, response: { 200: HomeList, ...errorResponses(401) } } },
    async (request) => ({ items: (await homes.listHomes(callerOf(request))).map(toHomeResponse) }),
  );
  app.get(
    '/homes/:homeId',
    {
      schema: {
        ...homesTag,
        params: HomeIdParams,
        response: { 200: HomeResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => toHomeResponse(await homes.getHome(callerOf(request), request.params.homeId)),
  );
  app.get(
    '/homes/:homeId/members',
    {
      schema: {
        ...homesTag,
        params: HomeIdParams,
        response: { 200: MemberList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({
      items: (await homes.listMembers(callerOf(request), request.params.homeId)).map(toMemberResponse),
    }),
  );
  app.delete(
    '/homes/:homeId/members/:userId',
    {
      schema: {
        ...homesTag,
        description:
          'Owners remove anyone, members themselves; the last owner cannot be removed (LAST_OWNER).',
        params: HomeMemberParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await homes.removeMember(callerOf(request), request.params.homeId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/homes/:homeId/invitations',
    {
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
          toInvitationResponse(
            await homes.inviteMember(callerOf(request), request.params.homeId, request.body),
          ),
        ),
  );
  return Promise.resolve();
};
