import {
  VendorCommandList,
  VendorCommandParams,
  VendorCommandResponse,
  VendorCreateCommandRequest,
  VendorDesiredStateRequest,
  VendorDesiredStateResponse,
  VendorDeviceParams,
  VendorShadowResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { VendorDeviceService } from '../../domain/vendor-device-service';
import { authenticated, callerOf, errorResponses, forVendorsAndMembers } from './authenticate';
import { anyDevice, getOfVendorDevice } from './vendor-device-reads';

const stateTagName = 'vendor device state';
const stateTag = { tags: [stateTagName], ...authenticated };
const commandsTagName = 'vendor device commands';
const commandsTag = { tags: [commandsTagName], ...authenticated };
const published =
  'Stored with the next version and published to the device (QoS 1, retained). With expectedVersion, ' +
  '409 DESIRED_VERSION_MISMATCH when the version moved on (details.version is the current one).';

/** A vendor device's shadow, desired state and commands. */
export const vendorDeviceControlRoutes: HttpRoutes<{ devices: VendorDeviceService }> = (app, { devices }) => {
  getOfVendorDevice(
    app,
    '/vendors/:vendorId/devices/:deviceId/shadow',
    {
      tag: stateTagName,
      description: 'Desired, last reported and their difference (delta).',
      response: VendorShadowResponse,
    },
    (caller, vendorId, deviceId) => devices.getShadow(caller, vendorId, deviceId),
  );
  getOfVendorDevice(
    app,
    '/vendors/:vendorId/devices/:deviceId/desired',
    { tag: stateTagName, response: VendorDesiredStateResponse },
    (caller, vendorId, deviceId) => devices.getDesired(caller, vendorId, deviceId),
  );
  for (const [method, mode, what] of [
    ['PUT', 'replace', 'Replaces the desired state.'],
    ['PATCH', 'merge', 'Merges a JSON merge patch (RFC 7386; null removes a property).'],
  ] as const) {
    app.route({
      method,
      url: '/vendors/:vendorId/devices/:deviceId/desired',
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...stateTag,
        description: `${what} ${published} ${anyDevice}`,
        params: VendorDeviceParams,
        body: VendorDesiredStateRequest,
        response: { 200: VendorDesiredStateResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
      handler: async (request) => {
        const { vendorId, deviceId } = request.params;
        return devices.changeDesired(callerOf(request), vendorId, deviceId, mode, request.body);
      },
    });
  }
  app.post(
    '/vendors/:vendorId/devices/:deviceId/commands',
    {
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...commandsTag,
        description:
          'Stores the command and delivers it at QoS 1, at least once, until ttlSeconds run out: now when the ' +
          `device is connected, else when it next subscribes. ${anyDevice}`,
        params: VendorDeviceParams,
        body: VendorCreateCommandRequest,
        response: { 201: VendorCommandResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { vendorId, deviceId } = request.params;
      return reply
        .code(201)
        .send(await devices.sendCommand(callerOf(request), vendorId, deviceId, request.body));
    },
  );
  getOfVendorDevice(
    app,
    '/vendors/:vendorId/devices/:deviceId/commands',
    {
      tag: commandsTagName,
      description: "The device's commands, newest first, with their status and acknowledgement.",
      response: VendorCommandList,
    },
    (caller, vendorId, deviceId) => devices.listCommands(caller, vendorId, deviceId),
  );
  app.get(
    '/vendors/:vendorId/devices/:deviceId/commands/:commandId',
    {
      ...forVendorsAndMembers('devices:read'),
      schema: {
        ...commandsTag,
        params: VendorCommandParams,
        response: { 200: VendorCommandResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, deviceId, commandId } = request.params;
      return devices.getCommand(callerOf(request), vendorId, deviceId, commandId);
    },
  );
  return Promise.resolve();
};
