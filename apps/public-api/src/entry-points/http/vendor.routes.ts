import {
  InviteVendorMemberRequest,
  JoinVendorRequest,
  VendorAccessResponse,
  VendorIdParams,
  VendorInvitationResponse,
  VendorMemberList,
  VendorMemberParams,
  VendorMembershipList,
  VendorMembershipResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { VendorService } from '../../domain/vendor-service';
import {
  authenticated,
  authenticatedByApiKey,
  errorResponses,
  forUsers,
  forVendors,
  userCallerOf,
  vendorCallerOf,
} from './authenticate';
import { toVendorAccessResponse, toVendorInvitationResponse, toVendorMemberResponse } from './responses';

const vendorsTag = { tags: ['vendors'], ...authenticated };

/** Vendors: the caller's memberships, a vendor's members and the invitations to it. */
export const vendorRoutes: HttpRoutes<{ vendors: VendorService }> = (app, { vendors }) => {
  app.get(
    '/vendors',
    {
      ...forUsers('account:read'),
      schema: { ...vendorsTag, response: { 200: VendorMembershipList, ...errorResponses(401) } },
    },
    async (request) => ({ items: await vendors.listVendors(userCallerOf(request)) }),
  );
  app.get(
    '/vendors/:vendorId',
    {
      ...forVendors('products:read'),
      schema: {
        tags: ['vendors'],
        ...authenticatedByApiKey,
        description: "A vendor's back end: its vendor, and the credential and scopes it called with.",
        params: VendorIdParams,
        response: { 200: VendorAccessResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      toVendorAccessResponse(await vendors.describeAccess(vendorCallerOf(request), request.params.vendorId)),
  );
  app.get(
    '/vendors/:vendorId/members',
    {
      ...forUsers('account:read'),
      schema: {
        ...vendorsTag,
        params: VendorIdParams,
        response: { 200: VendorMemberList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({
      items: (await vendors.listMembers(userCallerOf(request), request.params.vendorId)).map(
        toVendorMemberResponse,
      ),
    }),
  );
  app.post(
    '/vendors/:vendorId/invitations',
    {
      ...forUsers('account:write'),
      schema: {
        ...vendorsTag,
        description:
          'Admins invite an address with a role; answered the same whether or not it has an account. The ' +
          'invitation email is queued (vendor.member-invited.v1) before the answer.',
        params: VendorIdParams,
        body: InviteVendorMemberRequest,
        response: { 201: VendorInvitationResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          toVendorInvitationResponse(
            await vendors.inviteMember(userCallerOf(request), request.params.vendorId, request.body),
          ),
        ),
  );
  app.post(
    '/vendors/:vendorId/join',
    {
      ...forUsers('account:write'),
      schema: {
        ...vendorsTag,
        description:
          "The embedded platform's demo vendor only (`npm start`): the caller becomes its admin with the join " +
          'code its banner printed (403 JOIN_CODE_INVALID otherwise). Any other vendor, and every vendor of a ' +
          'deployment, is 404 VENDOR_NOT_FOUND.',
        params: VendorIdParams,
        body: JoinVendorRequest,
        response: { 200: VendorMembershipResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      vendors.joinDemoVendor(userCallerOf(request), request.params.vendorId, request.body.code),
  );
  app.delete(
    '/vendors/:vendorId/members/:userId',
    {
      ...forUsers('account:write'),
      schema: {
        ...vendorsTag,
        description: 'Admins remove anyone, members themselves; the last admin stays (LAST_ADMIN).',
        params: VendorMemberParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await vendors.removeMember(userCallerOf(request), request.params.vendorId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
