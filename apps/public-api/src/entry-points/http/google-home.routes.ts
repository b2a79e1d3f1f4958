import { GoogleSmartHomeRequest, GoogleSmartHomeResponse } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { GoogleFulfillment } from '../../domain/google-fulfillment';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

/**
 * Google Smart Home's fulfillment URL. Google calls it with the access token of the user's grant; a token
 * that is not valid (expired, revoked) is 401, which makes Google refresh it
 * (https://developers.home.google.com/cloud-to-cloud/project/authorization).
 */
export const googleHomeRoutes: HttpRoutes<{ google: GoogleFulfillment }> = (app, { google }) => {
  app.post(
    '/assistants/google',
    {
      ...forUsers('devices:read'),
      schema: {
        tags: ['assistants'],
        ...authenticated,
        description:
          'Google Smart Home fulfillment (cloud-to-cloud): action.devices.SYNC, QUERY, EXECUTE (needs ' +
          'devices:write) and DISCONNECT, for an OAuth grant only (403 ASSISTANT_OAUTH_REQUIRED otherwise). ' +
          "The devices are the caller's homes' devices whose product has an assistant mapping; per-device " +
          'outcomes are in the answer (status SUCCESS, PENDING, OFFLINE or ERROR with errorCode). DISCONNECT ' +
          "revokes the caller's grant.",
        body: GoogleSmartHomeRequest,
        response: { 200: GoogleSmartHomeResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => google.fulfill(userCallerOf(request), request.body),
  );
  return Promise.resolve();
};
