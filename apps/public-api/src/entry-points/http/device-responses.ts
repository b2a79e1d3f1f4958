import {
  buildClaimQrPayload,
  normalizeClaimCode,
  type DeviceClaimCodeResponse,
  type HomeDeviceResponse,
  type HomeDeviceStateResponse,
  type ProvisionedVendorDeviceResponse,
  type VendorDeviceResponse,
} from '@homeport/contracts';
import type { DeviceWithClaimCode, RegistryDevice } from '../../domain/device-claims';
import type { OwnerDeviceWithState } from '../../domain/owner-device-service';

/** A device of a home as its members see it. */
export const toHomeDeviceResponse = (device: RegistryDevice, homeId: string): HomeDeviceResponse => ({
  id: device.id,
  homeId,
  vendorId: device.vendorId,
  productId: device.productId,
  name: device.name,
  online: device.online,
  lastSeenAt: device.lastSeenAt,
  createdAt: device.createdAt,
});

/** The later of two optional times (ISO 8601), null when neither is known. */
function later(a: string | null, b: string | undefined): string | null {
  if (a === null || b === undefined) return a ?? b ?? null;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** A device of one of the caller's homes with its state, presence and features: the one representation. */
export const toHomeDeviceStateResponse = ({
  device,
  shadow,
  features,
}: OwnerDeviceWithState): HomeDeviceStateResponse => ({
  ...toHomeDeviceResponse(device, device.ownerId),
  reported: shadow.reported && { state: shadow.reported.state, reportedAt: shadow.reported.reportedAt },
  desired: {
    state: shadow.desired.state,
    version: shadow.desired.version,
    updatedAt: shadow.desired.updatedAt,
  },
  delta: shadow.delta,
  // broker-api's registry records the time of each connect and disconnect (lastSeenAt); reports say more.
  presence: {
    online: device.online,
    since: device.lastSeenAt,
    lastSeenAt: later(device.lastSeenAt, shadow.reported?.reportedAt),
  },
  features: [...features],
});

/** A device as its vendor sees it: claimed or not, never which home it is in. */
export const toVendorDeviceResponse = (device: RegistryDevice): VendorDeviceResponse => ({
  id: device.id,
  vendorId: device.vendorId,
  productId: device.productId,
  name: device.name,
  claimed: device.ownerId !== null,
  online: device.online,
  lastSeenAt: device.lastSeenAt,
  createdAt: device.createdAt,
});

/** A claim code as shown, with its QR payload. */
export const toDeviceClaimCodeResponse = (deviceId: string, claimCode: string): DeviceClaimCodeResponse => {
  // broker-api answers the grouped form; the payload is built from the canonical one.
  const canonical = normalizeClaimCode(claimCode) ?? claimCode;
  return { deviceId, claimCode, claimQrPayload: buildClaimQrPayload(canonical) };
};

/** A provisioned device with its code and QR payload. */
export const toProvisionedVendorDeviceResponse = ({
  device,
  claimCode,
}: DeviceWithClaimCode): ProvisionedVendorDeviceResponse => {
  const { claimQrPayload } = toDeviceClaimCodeResponse(device.id, claimCode);
  return { ...toVendorDeviceResponse(device), claimCode, claimQrPayload };
};
