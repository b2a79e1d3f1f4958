import { AppError } from '@homeport/errors';
import type { Caller } from './callers';
import type { DeviceClaims, DeviceWithClaimCode } from './device-claims';
import type { VendorAccess } from './vendor-access';

/** What the vendors' provisioning use cases need. */
export interface VendorDeviceClaimServiceDeps {
  readonly access: VendorAccess;
  readonly devices: DeviceClaims;
}

/** Vendors provision devices with a claim code and issue new codes; confined to the caller's vendor. */
export function createVendorDeviceClaimService({ access, devices }: VendorDeviceClaimServiceDeps) {
  const requireVendor = (caller: Caller, vendorId: string) => access.requireOperator(caller, vendorId);

  return {
    /** A new unclaimed device of one of the vendor's products; its claim code is in this answer only. */
    async provision(
      caller: Caller,
      vendorId: string,
      request: { productId: string; id?: string; name?: string },
    ): Promise<DeviceWithClaimCode> {
      await requireVendor(caller, vendorId);
      return devices.provision(vendorId, request);
    },

    /** A new code for the vendor's unclaimed device; the previous one is void (409 DEVICE_CLAIMED if owned). */
    async issueClaimCode(caller: Caller, vendorId: string, deviceId: string): Promise<string> {
      await requireVendor(caller, vendorId);
      const claimCode = await devices.issueClaimCode(vendorId, deviceId);
      if (claimCode === undefined) {
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device of this vendor');
      }
      return claimCode;
    },
  };
}

/** The vendors' provisioning use cases. */
export type VendorDeviceClaimService = ReturnType<typeof createVendorDeviceClaimService>;
