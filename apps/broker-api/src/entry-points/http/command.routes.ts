import {
  BrokerCreateCommandRequest,
  CommandIdParams,
  CommandList,
  CommandResponse,
  DeviceIdParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { CommandService } from '../../domain/command-service';
import { errorResponses } from './error-responses';
import { toCommandResponse } from './responses';

const tags = ['commands'];

/** Device commands: send, list, and look up status and acknowledgement. */
export const commandRoutes: HttpRoutes<{ commands: CommandService }> = (app, { commands }) => {
  app.post(
    '/devices/:deviceId/commands',
    {
      schema: {
        tags,
        description:
          'Stores the command and delivers it at QoS 1, at least once, until ttlSeconds run out: now when the ' +
          'device is connected, else when it next subscribes to its commands. Never after it expired. ' +
          '`source` (owner, vendor, automation, assistant) says who asked: device.command-finished carries it.',
        params: DeviceIdParams,
        body: BrokerCreateCommandRequest,
        response: { 201: CommandResponse, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const command = await commands.create(request.params.deviceId, request.body);
      return reply.code(201).send(toCommandResponse(command));
    },
  );
  app.get(
    '/devices/:deviceId/commands',
    { schema: { tags, params: DeviceIdParams, response: { 200: CommandList, ...errorResponses(404) } } },
    async (request) => ({
      items: (await commands.list(request.params.deviceId)).map((c) => toCommandResponse(c)),
    }),
  );
  app.get(
    '/devices/:deviceId/commands/:commandId',
    { schema: { tags, params: CommandIdParams, response: { 200: CommandResponse, ...errorResponses(404) } } },
    async (request) =>
      toCommandResponse(await commands.get(request.params.deviceId, request.params.commandId)),
  );
  return Promise.resolve();
};
