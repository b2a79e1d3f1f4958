import { AcceptedInvitationResponse, InvitationIdParams, InvitationList } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { InvitationService } from '../../domain/invitation-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toInvitationResponse, toJoinedResponse } from './responses';

const invitationsTag = { tags: ['invitations'], ...authenticated };

/** The invitations (to homes and to vendors) addressed to the caller's verified email. */
export const invitationRoutes: HttpRoutes<{ invitations: InvitationService }> = (app, { invitations }) => {
  app.get(
    '/invitations',
    {
      ...forUsers('homes:read'),
      schema: { ...invitationsTag, response: { 200: InvitationList, ...errorResponses(401) } },
    },
    async (request) => ({
      items: (await invitations.listInvitations(userCallerOf(request))).map(toInvitationResponse),
    }),
  );
  app.post(
    '/invitations/:invitationId/accept',
    {
      ...forUsers('homes:write'),
      schema: {
        ...invitationsTag,
        description:
          'Joins the home or the vendor with the invited role (answering the home, or `{ vendorId, role }`); ' +
          'needs the invited address verified (EMAIL_NOT_VERIFIED).',
        params: InvitationIdParams,
        response: { 200: AcceptedInvitationResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toJoinedResponse(
        await invitations.acceptInvitation(userCallerOf(request), request.params.invitationId),
      ),
  );
  return Promise.resolve();
};
