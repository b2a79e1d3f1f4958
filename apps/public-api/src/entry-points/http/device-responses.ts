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
import type { HomeDeviceWithState } from '../../domain/home-device-service';

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

/** A device of a home with its reported and desired state and their difference. */
export const toHomeDeviceStateResponse = (
  { device, shadow }: HomeDeviceWithState,
  homeId: string,
): HomeDeviceStateResponse => ({
  ...toHomeDeviceResponse(device, homeId),
  reported: shadow.reported && { state: shadow.reported.state, reportedAt: shadow.reported.reportedAt },
  desired: { state: shadow.desired.state, version: shadow.desired.version },
  delta: shadow.delta,
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
