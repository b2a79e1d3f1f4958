import {
  CreateDeviceRequest,
  DeviceIdParams,
  DevicePage,
  DeviceQuery,
  DeviceResponse,
  ProvisionedDeviceResponse,
  UpdateDeviceRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { RegistryService } from '../../domain/registry-service';
import { errorResponses } from './error-responses';
import { toDeviceResponse, toProvisionedDeviceResponse } from './responses';

const tags = ['devices'];

/** Devices: create, list (by vendor, product or owner), get, update owner/name, delete. */
export const deviceRoutes: HttpRoutes<{ registry: RegistryService }> = (app, { registry }) => {
  app.post(
    '/devices',
    {
      schema: {
        tags,
        description:
          'The id is generated when omitted; it is the device MQTT client id and username. The answer holds ' +
          'the claim code, shown here only (stored as its SHA-256).',
        body: CreateDeviceRequest,
        response: { 201: ProvisionedDeviceResponse, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toProvisionedDeviceResponse(await registry.createDevice(request.body))),
  );
  app.get(
    '/devices',
    { schema: { tags, querystring: DeviceQuery, response: { 200: DevicePage, ...errorResponses(400) } } },
    async (request) => {
      const { limit = 100, after, ...filter } = request.query;
      const page = await registry.listDevices(filter, { limit, after });
      return { ...page, items: page.items.map(toDeviceResponse) };
    },
  );
  app.get(
    '/devices/:deviceId',
    { schema: { tags, params: DeviceIdParams, response: { 200: DeviceResponse, ...errorResponses(404) } } },
    async (request) => toDeviceResponse(await registry.getDevice(request.params.deviceId)),
  );
  app.patch(
    '/devices/:deviceId',
    {
      schema: {
        tags,
        params: DeviceIdParams,
        body: UpdateDeviceRequest,
        response: { 200: DeviceResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => toDeviceResponse(await registry.updateDevice(request.params.deviceId, request.body)),
  );
  app.delete(
    '/devices/:deviceId',
    {
      schema: {
        tags,
        description: 'Deletes the device, its credentials (its connection is closed), shadow and commands.',
        params: DeviceIdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await registry.deleteDevice(request.params.deviceId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
