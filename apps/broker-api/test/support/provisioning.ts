import type { IssuedCredentialResponse, ProvisionedDeviceResponse } from '@homeport/contracts';
import { createUniqueName } from '@homeport/testing';
import type { TestInstance } from './environment';

/** A device registered with a credential, ready to connect. */
export interface TestDevice {
  readonly vendorId: string;
  readonly productId: string;
  readonly deviceId: string;
  readonly credentialId: string;
  readonly secret: string;
}

/** A new vendor id (ids may hold letters, digits, `_` and `-`). */
export function createVendorId(): string {
  return createUniqueName('vendor').replaceAll('_', '-');
}

/** Creates a vendor and a product (once per vendor id) and a device with a credential, through the HTTP API. */
export async function provisionDevice(
  instance: TestInstance,
  options: { vendorId?: string; deviceId?: string } = {},
): Promise<TestDevice> {
  const vendorId = options.vendorId ?? createVendorId();
  const productId = 'thermostat';
  const vendor = await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
  if (vendor.status !== 201 && vendor.status !== 409) throw new Error(`vendor: ${vendor.status}`);
  const product = await instance.api('POST', `/vendors/${vendorId}/products`, {
    id: productId,
    name: 'Thermostat',
    features: ['setpoint', 'mode', 'temperature'],
  });
  if (product.status !== 201 && product.status !== 409) throw new Error(`product: ${product.status}`);
  const device = await instance.api<{ id: string }>('POST', '/devices', {
    vendorId,
    productId,
    ...(options.deviceId === undefined ? {} : { id: options.deviceId }),
  });
  if (device.status !== 201) throw new Error(`device: ${device.status} ${JSON.stringify(device.body)}`);
  const issued = await instance.api<IssuedCredentialResponse>(
    'POST',
    `/devices/${device.body.id}/credentials`,
  );
  if (issued.status !== 201) throw new Error(`credential: ${issued.status}`);
  return {
    vendorId,
    productId,
    deviceId: device.body.id,
    credentialId: issued.body.credentialId,
    secret: issued.body.secret,
  };
}

/** Creates a new vendor with a product `lamp` (no features), for `provisionLamp`; answers the vendor id. */
export async function createLampVendor(instance: TestInstance): Promise<string> {
  const vendorId = createVendorId();
  await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
  await instance.api('POST', `/vendors/${vendorId}/products`, { id: 'lamp', name: 'Lamp', features: [] });
  return vendorId;
}

/** A new unclaimed lamp of the vendor: the answer of `POST /devices`, with its claim code. */
export async function provisionLamp(
  instance: TestInstance,
  vendorId: string,
): Promise<ProvisionedDeviceResponse> {
  const created = await instance.api<ProvisionedDeviceResponse>('POST', '/devices', {
    vendorId,
    productId: 'lamp',
  });
  if (created.status !== 201) throw new Error(`device: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}
