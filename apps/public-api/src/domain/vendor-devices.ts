import type {
  CredentialList,
  CredentialResponse,
  IssuedCredentialResponse,
  VendorDevicePage,
  VendorDeviceResponse,
} from '@homeport/contracts';
import type { DeviceControl } from './device-control';

/** Which of a vendor's devices to list (every filter applied by the registry), and where a page starts. */
export interface VendorDeviceFilter {
  readonly productId?: string;
  readonly claimed?: boolean;
  readonly online?: boolean;
  /** A case-insensitive prefix of the device's id or name. */
  readonly search?: string;
  readonly limit: number;
  readonly after?: string;
}

/**
 * A vendor's devices in the device registry (broker-api), with their credentials, shadow and commands (the
 * control's scope is the vendor id). Every call names the vendor, and a device of another vendor is 404
 * DEVICE_NOT_FOUND exactly as a missing one, so a forgotten check reaches nothing of another vendor.
 */
export interface VendorDevices extends DeviceControl<string> {
  /** One page of the vendor's devices in id order (`nextAfter` when more may follow). */
  listDevices(vendorId: string, filter: VendorDeviceFilter): Promise<VendorDevicePage>;
  getDevice(vendorId: string, deviceId: string): Promise<VendorDeviceResponse>;
  renameDevice(vendorId: string, deviceId: string, name: string | null): Promise<VendorDeviceResponse>;
  /** Deletes the device, its credentials (its connection closes), shadow and commands. */
  deleteDevice(vendorId: string, deviceId: string): Promise<void>;
  /** The device's first credential (409 when one is active: rotate). */
  issueCredential(vendorId: string, deviceId: string): Promise<IssuedCredentialResponse>;
  /** A new credential; the active ones are revoked. */
  rotateCredential(vendorId: string, deviceId: string): Promise<IssuedCredentialResponse>;
  revokeCredential(vendorId: string, deviceId: string, credentialId: string): Promise<CredentialResponse>;
  listCredentials(vendorId: string, deviceId: string): Promise<CredentialList>;
}
