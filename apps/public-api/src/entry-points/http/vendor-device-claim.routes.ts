import {
  DeviceClaimCodeResponse,
  ProvisionedVendorDeviceResponse,
  ProvisionVendorDeviceBatchRequest,
  ProvisionVendorDeviceBatchResponse,
  ProvisionVendorDeviceRequest,
  VendorDeviceParams,
  VendorDevicesParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { VendorDeviceClaimService } from '../../domain/vendor-device-claim-service';
import { authenticated, callerOf, errorResponses, forVendorsAndMembers } from './authenticate';
import { toDeviceClaimCodeResponse, toProvisionedVendorDeviceResponse } from './device-responses';

const vendorDevicesTag = { tags: ['vendor devices'], ...authenticated };

/** Vendors provision devices with a claim code, and issue new codes; confined to the caller's vendor. */
export const vendorDeviceClaimRoutes: HttpRoutes<{ vendorDeviceClaims: VendorDeviceClaimService }> = (
  app,
  { vendorDeviceClaims },
) => {
  app.post(
    '/vendors/:vendorId/devices',
    {
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...vendorDevicesTag,
        description:
          'A new unclaimed device of one of your products. The answer holds its claim code and the QR payload ' +
          'to print, shown only here.',
        params: VendorDevicesParams,
        body: ProvisionVendorDeviceRequest,
        response: { 201: ProvisionedVendorDeviceResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { vendorId } = request.params;
      const provisioned = await vendorDeviceClaims.provision(callerOf(request), vendorId, request.body);
      return reply.code(201).send(toProvisionedVendorDeviceResponse(provisioned));
    },
  );
  app.post(
    '/vendors/:vendorId/devices/batch',
    {
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...vendorDevicesTag,
        description:
          'Up to 1,000 new unclaimed devices, each as POST /v1/vendors/{vendorId}/devices takes it: each is ' +
          'created or refused on its own (a refusal has the code the single route would answer), results in ' +
          "the request's order; claim codes and QR payloads shown only here. One audit entry for the batch.",
        params: VendorDevicesParams,
        body: ProvisionVendorDeviceBatchRequest,
        response: { 200: ProvisionVendorDeviceBatchResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId } = request.params;
      const results = await vendorDeviceClaims.provisionBatch(
        callerOf(request),
        vendorId,
        request.body.devices,
      );
      const created = results.filter((result) => result.outcome === 'created').length;
      return {
        created,
        refused: results.length - created,
        results: results.map((result) =>
          result.outcome === 'created'
            ? { ...result, device: toProvisionedVendorDeviceResponse(result.device) }
            : result,
        ),
      };
    },
  );
  app.post(
    '/vendors/:vendorId/devices/:deviceId/claim-code',
    {
      ...forVendorsAndMembers('devices:write'),
      schema: {
        ...vendorDevicesTag,
        description:
          'A new claim code for an unclaimed device; the previous one is void. 409 DEVICE_CLAIMED.',
        params: VendorDeviceParams,
        response: { 201: DeviceClaimCodeResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { vendorId, deviceId } = request.params;
      const claimCode = await vendorDeviceClaims.issueClaimCode(callerOf(request), vendorId, deviceId);
      return reply.code(201).send(toDeviceClaimCodeResponse(deviceId, claimCode));
    },
  );
  return Promise.resolve();
};
