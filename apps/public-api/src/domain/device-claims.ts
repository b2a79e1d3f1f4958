import type { DeviceResponse } from '@homeport/contracts';

/** A device as the registry (broker-api) holds it; `ownerId` is the id of the home it belongs to. */
export type RegistryDevice = DeviceResponse;

/** A device with a claim code (canonical or grouped, as the registry answered it). */
export interface DeviceWithClaimCode {
  readonly device: RegistryDevice;
  readonly claimCode: string;
}

/** One page of devices; `nextAfter` is set when more follow. */
export interface DevicePage {
  readonly items: RegistryDevice[];
  readonly nextAfter?: string;
}

/**
 * The device registry's claiming operations (broker-api). Each takes the scope it is confined to: a home or
 * a vendor. A lookup outside it answers undefined, as a missing device does. Refusals of the registry
 * (CLAIM_CODE_INVALID, DEVICE_CLAIMED, PRODUCT_NOT_FOUND, DEVICE_EXISTS) are AppErrors with its code.
 */
export interface DeviceClaims {
  /** The unclaimed device with this code now belongs to the home; the code is void. */
  claim(homeId: string, claimCode: string): Promise<RegistryDevice>;
  listInHome(homeId: string, page: { limit: number; after?: string }): Promise<DevicePage>;
  /** The home's device becomes unclaimed with a new code; undefined when it is not in the home. */
  release(homeId: string, deviceId: string): Promise<DeviceWithClaimCode | undefined>;
  /** The device of `fromHomeId` moves to `toHomeId`; undefined when it is not in `fromHomeId`. */
  move(fromHomeId: string, deviceId: string, toHomeId: string): Promise<RegistryDevice | undefined>;
  /** A new, unclaimed device of one of the vendor's products, with its claim code. */
  provision(
    vendorId: string,
    request: { productId: string; id?: string; name?: string },
  ): Promise<DeviceWithClaimCode>;
  findOfVendor(vendorId: string, deviceId: string): Promise<RegistryDevice | undefined>;
  /** A new code for the vendor's unclaimed device (the old one void); undefined when it is not the vendor's. */
  issueClaimCode(vendorId: string, deviceId: string): Promise<string | undefined>;
}
