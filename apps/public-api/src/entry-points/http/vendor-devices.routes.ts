import {
  RenameVendorDeviceRequest,
  VendorCredentialList,
  VendorCredentialParams,
  VendorCredentialResponse,
  VendorDevicePage,
  VendorDeviceParams,
  VendorDeviceQuery,
  VendorDeviceResponse,
  VendorIdParams,
  VendorIssuedCredentialResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { VendorDeviceService } from '../../domain/vendor-device-service';
import { authenticated, callerOf, errorResponses, forVendorsAndMembers } from './authenticate';
import { anyDevice, getOfVendorDevice } from './vendor-device-reads';

const devicesTagName = 'vendor devices';
const devicesTag = { tags: [devicesTagName], ...authenticated };
const credentialsTagName = 'vendor device credentials';
const credentialsTag = { tags: [credentialsTagName], ...authenticated };
const shownOnce = 'The secret is in this answer only (broker-api stores a keyed hash).';

/**
 * A vendor's devices and their credentials (provisioning, POST /vendors/{vendorId}/devices, is claiming's).
 * Each route checks the caller operates the vendor, then that the device is the vendor's.
 */
export const vendorDeviceRoutes: HttpRoutes<{ devices: VendorDeviceService }> = (app, { devices }) => {
  app.get(
    '/vendors/:vendorId/devices',
    {
      ...forVendorsAndMembers('devices:read'),
      schema: {
        ...devicesTag,
        description:
          'The vendor devices in id order, by product, whether claimed, whether online, and `search`: a ' +
          'case-insensitive prefix of the id or name. Follow nextAfter (`after`) with the same filters for ' +
          'the next page.',
        params: VendorIdParams,
        querystring: VendorDeviceQuery,
        response: { 200: VendorDevicePage, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => devices.listDevices(callerOf(request), request.params.vendorId, request.query),
  );
  getOfVendorDevice(
    app,
    '/vendors/:vendorId/devices/:deviceId',
    {
      tag: devicesTagName,
      description: 'The device, claimed or not (never its home).',
      response: VendorDeviceResponse,
    },
    (caller, vendorId, deviceId) => devices.getDevice(caller, vendorId, deviceId),
  );
  app.patch(
    '/vendors/:vendorId/devices/:deviceId',
    {
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...devicesTag,
        description: `Renames the device (null clears the name). ${anyDevice}`,
        params: VendorDeviceParams,
        body: RenameVendorDeviceRequest,
        response: { 200: VendorDeviceResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, deviceId } = request.params;
      return devices.renameDevice(callerOf(request), vendorId, deviceId, request.body.name);
    },
  );
  app.delete(
    '/vendors/:vendorId/devices/:deviceId',
    {
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...devicesTag,
        description: `Deletes the device, its credentials (its connection closes), shadow and commands. ${anyDevice}`,
        params: VendorDeviceParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { vendorId, deviceId } = request.params;
      await devices.deleteDevice(callerOf(request), vendorId, deviceId);
      return reply.code(204).send(null);
    },
  );
  registerCredentialRoutes(app, devices);
  return Promise.resolve();
};

function registerCredentialRoutes(
  app: Parameters<typeof vendorDeviceRoutes>[0],
  devices: VendorDeviceService,
) {
  const issueRoute = (how: 'issue' | 'rotate', path: string, description: string) =>
    app.post(
      path,
      {
        ...forVendorsAndMembers('credentials:write'),
        schema: {
          ...credentialsTag,
          description: `${description} ${shownOnce} ${anyDevice}`,
          params: VendorDeviceParams,
          response: { 201: VendorIssuedCredentialResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        const { vendorId, deviceId } = request.params;
        return reply
          .code(201)
          .send(await devices.issueCredential(callerOf(request), vendorId, deviceId, how));
      },
    );
  issueRoute(
    'issue',
    '/vendors/:vendorId/devices/:deviceId/credentials',
    "Issues the device's first credential (409 CREDENTIAL_EXISTS when one is active: rotate).",
  );
  issueRoute(
    'rotate',
    '/vendors/:vendorId/devices/:deviceId/credentials/rotate',
    'Issues a new credential and revokes the active ones (their connections close).',
  );
  app.post(
    '/vendors/:vendorId/devices/:deviceId/credentials/:credentialId/revoke',
    {
      ...forVendorsAndMembers('credentials:write'),
      schema: {
        ...credentialsTag,
        description: `Revokes the credential; a device connected with it is disconnected within seconds. ${anyDevice}`,
        params: VendorCredentialParams,
        response: { 200: VendorCredentialResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, deviceId, credentialId } = request.params;
      return devices.revokeCredential(callerOf(request), vendorId, deviceId, credentialId);
    },
  );
  getOfVendorDevice(
    app,
    '/vendors/:vendorId/devices/:deviceId/credentials',
    {
      tag: credentialsTagName,
      description: "The device's credentials, newest first, without secrets.",
      response: VendorCredentialList,
    },
    (caller, vendorId, deviceId) => devices.listCredentials(caller, vendorId, deviceId),
  );
}
