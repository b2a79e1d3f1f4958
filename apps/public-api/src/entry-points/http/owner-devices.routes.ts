import {
  HomeDevicePage,
  HomeDeviceResponse,
  HomeDeviceStateResponse,
  OwnerDeviceParams,
  OwnerDeviceQuery,
  RenameOwnerDeviceRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { FastifyReply } from 'fastify';
import type { OwnerDeviceService, OwnerDeviceWithState } from '../../domain/owner-device-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { toHomeDeviceResponse, toHomeDeviceStateResponse } from './device-responses';

const devicesTag = { tags: ['my devices'], ...authenticated };

/** The ETag of a desired state version: what `If-Match` names to change it. */
export const desiredStateETag = (version: number) => `"${version}"`;

/** A device's representation with its desired version as ETag (a change names it in If-Match). */
export function replyWithDeviceState(reply: FastifyReply, device: OwnerDeviceWithState) {
  return reply
    .header('etag', desiredStateETag(device.shadow.desired.version))
    .header('cache-control', 'no-store')
    .send(toHomeDeviceStateResponse(device));
}

/** The devices of every home of the caller: list, read with state, rename. */
export const ownerDeviceRoutes: HttpRoutes<{ ownerDevices: OwnerDeviceService }> = (
  app,
  { ownerDevices },
) => {
  app.get(
    '/devices',
    {
      ...forUsers('devices:read'),
      schema: {
        ...devicesTag,
        description:
          'The devices of every home the caller is a member of (or of `homeId`, 404 HOME_NOT_FOUND outside ' +
          'them), by product and presence, in id order: pass `nextAfter` as `after` for the next page.',
        querystring: OwnerDeviceQuery,
        response: { 200: HomeDevicePage, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { limit = 100, ...filter } = request.query;
      const page = await ownerDevices.listDevices(userCallerOf(request), { ...filter, limit });
      return {
        ...page,
        items: page.items.map((device) => toHomeDeviceResponse(device, device.ownerId)),
      };
    },
  );
  app.get(
    '/devices/:deviceId',
    {
      ...forUsers('devices:read'),
      schema: {
        ...devicesTag,
        description:
          'The device with what it last reported, the desired state (its version is the ETag), their delta, ' +
          "its presence and its product's features. A device of a home the caller is not in is 404.",
        params: OwnerDeviceParams,
        response: { 200: HomeDeviceStateResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) =>
      replyWithDeviceState(
        reply,
        await ownerDevices.getDevice(userCallerOf(request), request.params.deviceId),
      ),
  );
  app.patch(
    '/devices/:deviceId',
    {
      ...forUsers('devices:write'),
      schema: {
        ...devicesTag,
        description: "Owners of the device's home name it (null clears the name); audited.",
        params: OwnerDeviceParams,
        body: RenameOwnerDeviceRequest,
        response: { 200: HomeDeviceResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const caller = userCallerOf(request);
      const renamed = await ownerDevices.renameDevice(caller, request.params.deviceId, request.body.name);
      return toHomeDeviceResponse(renamed, renamed.ownerId);
    },
  );
  return Promise.resolve();
};
