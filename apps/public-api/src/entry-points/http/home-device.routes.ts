import {
  ClaimHomeDeviceRequest,
  DeviceClaimCodeResponse,
  HomeDevicePage,
  HomeDeviceParams,
  HomeDeviceQuery,
  HomeDeviceResponse,
  HomeDeviceStateResponse,
  HomeIdParams,
  MoveHomeDeviceRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { HomeDeviceService } from '../../domain/home-device-service';
import type { OwnerDeviceService } from '../../domain/owner-device-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toDeviceClaimCodeResponse, toHomeDeviceResponse } from './device-responses';
import { replyWithDeviceState } from './owner-devices.routes';

const devicesTag = { tags: ['home devices'], ...authenticated };

/**
 * The devices of a home: claim, list, read with state (the representation of GET /v1/devices/{deviceId}),
 * release, move; confined to the caller's homes.
 */
export const homeDeviceRoutes: HttpRoutes<{
  homeDevices: HomeDeviceService;
  ownerDevices: OwnerDeviceService;
}> = (app, { homeDevices, ownerDevices }) => {
  // The path is the key of the claim throttle (rate limits): keep it as it is.
  app.post(
    '/homes/:homeId/devices/claim',
    {
      ...forUsers('devices:write'),
      schema: {
        ...devicesTag,
        description:
          'Owners claim an unclaimed device with its code (typed in any case, or the QR payload). 404 ' +
          'CLAIM_CODE_INVALID for an unknown, used or already claimed code alike. Every attempt is audited.',
        params: HomeIdParams,
        body: ClaimHomeDeviceRequest,
        response: { 200: HomeDeviceResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId } = request.params;
      const device = await homeDevices.claim(userCallerOf(request), homeId, request.body.claimCode);
      return toHomeDeviceResponse(device, homeId);
    },
  );
  app.get(
    '/homes/:homeId/devices',
    {
      ...forUsers('devices:read'),
      schema: {
        ...devicesTag,
        params: HomeIdParams,
        querystring: HomeDeviceQuery,
        response: { 200: HomeDevicePage, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId } = request.params;
      const { limit = 100, after } = request.query;
      const page = await homeDevices.listDevices(userCallerOf(request), homeId, { limit, after });
      return { ...page, items: page.items.map((device) => toHomeDeviceResponse(device, homeId)) };
    },
  );
  app.get(
    '/homes/:homeId/devices/:deviceId',
    {
      ...forUsers('devices:read'),
      schema: {
        ...devicesTag,
        description: 'The device as GET /v1/devices/{deviceId} answers it, when it is in this home.',
        params: HomeDeviceParams,
        response: { 200: HomeDeviceStateResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { homeId, deviceId } = request.params;
      const device = await ownerDevices.getDevice(userCallerOf(request), deviceId, homeId);
      return replyWithDeviceState(reply, device);
    },
  );
  app.delete(
    '/homes/:homeId/devices/:deviceId',
    {
      ...forUsers('devices:write'),
      schema: {
        ...devicesTag,
        description:
          'Owners release the device: it leaves the home unclaimed, and the answer holds a new claim code ' +
          'to hand to its next owner (shown once; the vendor is not needed for a second-hand device).',
        params: HomeDeviceParams,
        response: { 200: DeviceClaimCodeResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId, deviceId } = request.params;
      const released = await homeDevices.release(userCallerOf(request), homeId, deviceId);
      return toDeviceClaimCodeResponse(deviceId, released.claimCode);
    },
  );
  app.post(
    '/homes/:homeId/devices/:deviceId/move',
    {
      ...forUsers('devices:write'),
      schema: {
        ...devicesTag,
        description: 'Moves the device to another home; the caller owns both.',
        params: HomeDeviceParams,
        body: MoveHomeDeviceRequest,
        response: { 200: HomeDeviceResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId, deviceId } = request.params;
      const target = request.body.homeId;
      const moved = await homeDevices.move(userCallerOf(request), homeId, deviceId, target);
      return toHomeDeviceResponse(moved, target);
    },
  );
  return Promise.resolve();
};
