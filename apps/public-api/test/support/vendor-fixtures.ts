import type {
  DeviceResponse,
  IssuedCredentialResponse,
  ProvisionedDeviceResponse,
  VendorRole,
} from '@homeport/contracts';
import { brokerApiToken, requestJson, type JsonAnswer } from '@homeport/testing';
import type { TestEnvironment } from './environment';
import { addVendorMember } from './vendors';

/** broker-api's registry set up with its admin token (as operators would), and vendor members. */
export interface VendorFixtures {
  /** Calls the suite's broker-api with its admin token (setup, and checking its state after). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonAnswer<T>>;
  createVendor(vendorId: string): Promise<void>;
  createProduct(vendorId: string, productId: string): Promise<void>;
  /** A device of the product; with `ownerId` (a home id) claimed into that home with its claim code. */
  createDevice(
    vendorId: string,
    productId: string,
    options?: { readonly id?: string; readonly name?: string; readonly ownerId?: string },
  ): Promise<DeviceResponse>;
  issueCredential(deviceId: string): Promise<IssuedCredentialResponse>;
  /** Makes `userId` a member of the vendor (as a1's invitations or the operators' CLI will). */
  addMember(vendorId: string, userId: string, role?: VendorRole): Promise<void>;
  removeMember(vendorId: string, userId: string): Promise<void>;
}

/** The fixtures of a suite started with `createTestEnvironment(purpose, { brokerApi: true })`. */
export function createVendorFixtures(environment: TestEnvironment): VendorFixtures {
  const brokerApi = environment.brokerApi;
  if (brokerApi === undefined) throw new Error('vendor fixtures need an environment with brokerApi: true');
  const admin: VendorFixtures['admin'] = (method, path, body) =>
    requestJson(brokerApi.url, method, path, { body, token: brokerApiToken });
  const created = async <T>(path: string, body: unknown): Promise<T> => {
    const answer = await admin<T>('POST', path, body);
    if (answer.status !== 201)
      throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return {
    admin,
    async createVendor(vendorId) {
      await created('/vendors', { id: vendorId, name: `Vendor ${vendorId}` });
    },
    async createProduct(vendorId, productId) {
      await created(`/vendors/${vendorId}/products`, {
        id: productId,
        name: `Product ${productId}`,
        features: ['temperature', 'targetTemperature'],
      });
    },
    async createDevice(vendorId, productId, { ownerId, ...device } = {}) {
      const provisioned = await created<ProvisionedDeviceResponse>('/devices', {
        vendorId,
        productId,
        ...device,
      });
      if (ownerId === undefined) return provisioned;
      const claimed = await admin<DeviceResponse>('POST', '/devices/claims', {
        claimCode: provisioned.claimCode,
        ownerId,
      });
      if (claimed.status !== 200) throw new Error(`claim: ${claimed.status} ${JSON.stringify(claimed.body)}`);
      return claimed.body;
    },
    issueCredential: (deviceId) =>
      created<IssuedCredentialResponse>(`/devices/${deviceId}/credentials`, undefined),
    addMember: (vendorId, userId, role = 'developer') =>
      addVendorMember(environment.pool, vendorId, { id: userId }, role),
    async removeMember(vendorId, userId) {
      await environment.pool.query(
        'DELETE FROM public_api.vendor_members WHERE vendor_id = $1 AND user_id = $2',
        [vendorId, userId],
      );
    },
  };
}
