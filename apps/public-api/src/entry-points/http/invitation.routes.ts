import { HomeResponse, InvitationIdParams, InvitationList } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { HomeService } from '../../domain/home-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toHomeResponse, toInvitationResponse } from './responses';

const invitationsTag = { tags: ['invitations'], ...authenticated };

/** The invitations addressed to the caller's verified email. */
export const invitationRoutes: HttpRoutes<{ homes: HomeService }> = (app, { homes }) => {
  app.get(
    '/invitations',
    {
      ...forUsers('homes:read'),
      schema: { ...invitationsTag, response: { 200: InvitationList, ...errorResponses(401) } },
    },
    async (request) => ({
      items: (await homes.listInvitations(userCallerOf(request))).map(toInvitationResponse),
    }),
  );
  app.post(
    '/invitations/:invitationId/accept',
    {
      ...forUsers('homes:write'),
      schema: {
        ...invitationsTag,
        description:
          'Joins the home with the invited role; needs the invited address verified (EMAIL_NOT_VERIFIED).',
        params: InvitationIdParams,
        response: { 200: HomeResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toHomeResponse(await homes.acceptInvitation(userCallerOf(request), request.params.invitationId)),
  );
  return Promise.resolve();
};
