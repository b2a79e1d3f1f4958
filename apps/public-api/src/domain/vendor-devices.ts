import type {
  CredentialList,
  CredentialResponse,
  IssuedCredentialResponse,
  VendorDevicePage,
  VendorDeviceResponse,
} from '@homeport/contracts';
import type { DeviceControl } from './device-control';

/** Which of a vendor's devices to list, and where a page starts. */
export interface VendorDeviceFilter {
  readonly productId?: string;
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

/** Registry pages scanned for one page filtered by `claimed`, so one request stays bounded. */
export const maxScannedPages = 10;

/**
 * One page of devices whose `claimed` is `claimed`, from registry pages that cannot filter on it: pages are
 * read until `limit` devices match, the registry ends, or `maxScannedPages` were read. The page may then hold
 * fewer than `limit` devices with `nextAfter` set (where the scan stopped): the client follows it.
 */
export async function listDevicesByClaim(
  readPage: (filter: VendorDeviceFilter) => Promise<VendorDevicePage>,
  filter: VendorDeviceFilter,
  claimed: boolean,
): Promise<VendorDevicePage> {
  const items: VendorDeviceResponse[] = [];
  let after = filter.after;
  for (let scanned = 0; scanned < maxScannedPages; scanned += 1) {
    const page = await readPage({ ...filter, after });
    for (const [index, device] of page.items.entries()) {
      if (device.claimed !== claimed) continue;
      items.push(device);
      if (items.length === filter.limit) {
        const more = index < page.items.length - 1 || page.nextAfter !== undefined;
        return more ? { items, nextAfter: device.id } : { items };
      }
    }
    if (page.nextAfter === undefined) return { items };
    after = page.nextAfter;
  }
  return { items, nextAfter: after };
}
