import {
  ClaimDeviceRequest,
  DeviceIdParams,
  DeviceResponse,
  formatClaimCode,
  IssuedClaimCodeResponse,
  ProvisionedDeviceResponse,
  ReleaseDeviceRequest,
  TransferDeviceRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { ClaimService } from '../../domain/claim-service';
import { errorResponses } from './error-responses';
import { toDeviceResponse, toProvisionedDeviceResponse } from './responses';

const tags = ['claims'];

/** Claim codes and ownership: claim with a code, issue a new code, release, transfer to another owner. */
export const claimRoutes: HttpRoutes<{ claims: ClaimService }> = (app, { claims }) => {
  app.post(
    '/devices/claims',
    {
      schema: {
        tags,
        description:
          'The unclaimed device with this code now belongs to ownerId (a home) and the code is void. 404 ' +
          'CLAIM_CODE_INVALID for an unknown, used or replaced code alike.',
        body: ClaimDeviceRequest,
        response: { 200: DeviceResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => toDeviceResponse(await claims.claim(request.body)),
  );
  app.post(
    '/devices/:deviceId/claim-code',
    {
      schema: {
        tags,
        description:
          'A new claim code for an unclaimed device; the previous one is void. 409 DEVICE_CLAIMED.',
        params: DeviceIdParams,
        response: { 201: IssuedClaimCodeResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { deviceId } = request.params;
      const claimCode = await claims.issueClaimCode(deviceId);
      return reply.code(201).send({ deviceId, claimCode: formatClaimCode(claimCode) });
    },
  );
  app.post(
    '/devices/:deviceId/release',
    {
      schema: {
        tags,
        description:
          'The device of ownerId becomes unclaimed; the answer holds its new claim code, for the next owner. ' +
          "404 DEVICE_NOT_FOUND when it is not the owner's.",
        params: DeviceIdParams,
        body: ReleaseDeviceRequest,
        response: { 200: ProvisionedDeviceResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toProvisionedDeviceResponse(await claims.release(request.params.deviceId, request.body.ownerId)),
  );
  app.post(
    '/devices/:deviceId/transfer',
    {
      schema: {
        tags,
        description:
          'The device of fromOwnerId now belongs to toOwnerId; 404 DEVICE_NOT_FOUND when not theirs.',
        params: DeviceIdParams,
        body: TransferDeviceRequest,
        response: { 200: DeviceResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { fromOwnerId, toOwnerId } = request.body;
      return toDeviceResponse(await claims.transfer(request.params.deviceId, fromOwnerId, toOwnerId));
    },
  );
  return Promise.resolve();
};
