import { VendorDeviceParams } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { TSchema } from 'typebox';
import type { Caller } from '../../domain/callers';
import { authenticated, callerOf, errorResponses, forVendorsAndMembers } from './authenticate';

type RoutesApp = Parameters<HttpRoutes>[0];

/** What every vendor device route says of a device of another vendor. */
export const anyDevice = 'A device of another vendor is 404 DEVICE_NOT_FOUND, as a missing one.';

/**
 * Registers `GET path` (under /vendors/:vendorId/devices/:deviceId) for devices:read, answering `read` for
 * the caller: the shape shared by the device, its credentials, shadow, desired state and commands.
 */
export function getOfVendorDevice(
  app: RoutesApp,
  path: string,
  docs: { readonly tag: string; readonly description?: string; readonly response: TSchema },
  read: (caller: Caller, vendorId: string, deviceId: string) => Promise<unknown>,
): void {
  app.get(
    path,
    {
      ...forVendorsAndMembers('devices:read'),
      schema: {
        tags: [docs.tag],
        ...authenticated,
        description: `${docs.description ?? ''} ${anyDevice}`.trim(),
        params: VendorDeviceParams,
        response: { 200: docs.response, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => read(callerOf(request), request.params.vendorId, request.params.deviceId),
  );
}
