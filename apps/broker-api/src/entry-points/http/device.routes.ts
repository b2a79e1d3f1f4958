import {
  CreateDeviceRequest,
  DeviceIdParams,
  DevicePage,
  DeviceQuery,
  DeviceResponse,
  DeviceViewResponse,
  ProvisionedDeviceResponse,
  UpdateDeviceRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { RegistryService } from '../../domain/registry-service';
import type { ShadowService } from '../../domain/shadow-service';
import { errorResponses } from './error-responses';
import { toDeviceResponse, toProvisionedDeviceResponse, toShadowResponse } from './responses';

const tags = ['devices'];

/** Devices: create, list (by vendor, product or owner), get (alone or with its shadow), update owner/name, delete. */
export const deviceRoutes: HttpRoutes<{ registry: RegistryService; shadows: ShadowService }> = (
  app,
  { registry, shadows },
) => {
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
  app.get(
    '/devices/:deviceId/view',
    {
      schema: {
        tags,
        description:
          "The device with its shadow and its product's name, features and assistant mapping in one answer: " +
          "public-api's read of a device.",
        params: DeviceIdParams,
        response: { 200: DeviceViewResponse, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { deviceId } = request.params;
      // Device and shadow at once; the product once the device names it.
      const [device, shadow] = await Promise.all([registry.getDevice(deviceId), shadows.getShadow(deviceId)]);
      const product = await registry.getProduct(device.vendorId, device.productId);
      return {
        ...toDeviceResponse(device),
        productName: product.name,
        features: [...product.features],
        assistantMapping: product.assistantMapping,
        shadow: toShadowResponse(shadow),
      };
    },
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
