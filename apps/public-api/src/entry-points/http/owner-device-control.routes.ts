import {
  DesiredStateChangeHeaders,
  DesiredStateMergePatch,
  mergePatchMediaType,
  OwnerCommandList,
  OwnerCommandResponse,
  OwnerCreateCommandRequest,
  OwnerDesiredStateResponse,
  OwnerDeviceCommandParams,
  OwnerDeviceParams,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { HttpRoutes } from '@homeport/http';
import type { ExpectedVersion, OwnerDeviceService } from '../../domain/owner-device-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import { desiredStateETag } from './owner-devices.routes';

const stateTag = { tags: ['my device state'], ...authenticated };
const commandsTag = { tags: ['my device commands'], ...authenticated };

/**
 * The version an `If-Match` names (RFC 9110 §13.1.1): one strong ETag as GET /v1/devices/{deviceId} answers
 * it, or `*` for any. Required (428): members of a home, their apps and assistants change the same devices, and
 * a change made on a state the caller never saw would silently undo someone else's.
 */
export function parseIfMatch(header: string | undefined): ExpectedVersion {
  if (header === undefined) {
    throw new AppError(
      'precondition_required',
      'IF_MATCH_REQUIRED',
      'If-Match is required: the ETag of the device as read (GET /v1/devices/{deviceId}), or * for any version',
    );
  }
  const value = header.trim();
  if (value === '*') return 'any';
  const version = /^"(\d{1,15})"$/.exec(value)?.[1];
  if (version === undefined) {
    throw new AppError('invalid', 'IF_MATCH_INVALID', 'If-Match must be one ETag such as "3", or *', {
      details: { fields: [{ location: 'headers', path: '/if-match', message: 'is not one strong ETag' }] },
    });
  }
  return Number(version);
}

/**
 * PATCH of the desired state, in a scope of its own: only a merge patch is a merge patch (RFC 7396 §4), so a
 * JSON body here is 415 UNSUPPORTED_MEDIA_TYPE, as is any other type.
 */
const desiredStateRoutes: HttpRoutes<{ ownerDevices: OwnerDeviceService }> = (app, { ownerDevices }) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    mergePatchMediaType,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.patch(
    '/devices/:deviceId/desired',
    {
      ...forUsers('devices:write'),
      schema: {
        ...stateTag,
        description:
          `A JSON merge patch (RFC 7396, ${mergePatchMediaType}) of the desired state: null removes a ` +
          "property. Each property must be a feature of the device's product, its value of the type the " +
          'device reports (400 DESIRED_STATE_INVALID names each field). If-Match: the ETag of the device ' +
          'as read (428 IF_MATCH_REQUIRED without; 412 DESIRED_VERSION_MISMATCH when it changed since, ' +
          'details.version the current one; * for any). Stored with the next version (the ETag of the ' +
          'answer) and published to the device (QoS 1, retained). Members of the home; audited.',
        consumes: [mergePatchMediaType],
        params: OwnerDeviceParams,
        headers: DesiredStateChangeHeaders,
        body: DesiredStateMergePatch,
        response: {
          200: OwnerDesiredStateResponse,
          ...errorResponses(400, 401, 403, 404, 412, 415, 428, 503),
        },
      },
    },
    async (request, reply) => {
      const expected = parseIfMatch(request.headers['if-match']);
      const { deviceId } = request.params;
      const desired = await ownerDevices.changeDesired(
        userCallerOf(request),
        deviceId,
        request.body,
        expected,
      );
      return reply.header('etag', desiredStateETag(desired.version)).send(desired);
    },
  );
  return Promise.resolve();
};

/** The desired state and the commands of a device of the caller's homes; members of its home may use them. */
export const ownerDeviceControlRoutes: HttpRoutes<{ ownerDevices: OwnerDeviceService }> = async (
  app,
  { ownerDevices },
) => {
  await app.register(desiredStateRoutes, { ownerDevices });
  app.post(
    '/devices/:deviceId/commands',
    {
      ...forUsers('devices:write'),
      schema: {
        ...commandsTag,
        description:
          "A command named after a feature of the device's product (400 COMMAND_UNKNOWN otherwise), stored " +
          'and delivered at QoS 1, at least once, until ttlSeconds run out. Follow its status with GET ' +
          '.../commands/{commandId}. Members of the home; audited.',
        params: OwnerDeviceParams,
        body: OwnerCreateCommandRequest,
        response: { 201: OwnerCommandResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const caller = userCallerOf(request);
      const command = await ownerDevices.sendCommand(caller, request.params.deviceId, request.body);
      return reply.code(201).send(command);
    },
  );
  app.get(
    '/devices/:deviceId/commands',
    {
      ...forUsers('devices:read'),
      schema: {
        ...commandsTag,
        description: "The device's commands, newest first, with their status and acknowledgement.",
        params: OwnerDeviceParams,
        response: { 200: OwnerCommandList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => ownerDevices.listCommands(userCallerOf(request), request.params.deviceId),
  );
  app.get(
    '/devices/:deviceId/commands/:commandId',
    {
      ...forUsers('devices:read'),
      schema: {
        ...commandsTag,
        description:
          'pending, delivered (the device took it), then accepted/done/failed/rejected, or expired.',
        params: OwnerDeviceCommandParams,
        response: { 200: OwnerCommandResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { deviceId, commandId } = request.params;
      return ownerDevices.getCommand(userCallerOf(request), deviceId, commandId);
    },
  );
};
