import { findAssistantMappingProblems, type AssistantMapping } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { generateClaimCode } from './claim-codes';
import {
  describeDeviceChange,
  describeOwnerChange,
  type DeviceLifecycleEvents,
  type DeviceSessions,
} from './device-lifecycle';
import { createId } from './new-id';
import type {
  Device,
  DeviceChanges,
  DeviceFilter,
  NewProduct,
  Page,
  PageRequest,
  Product,
  RegistryRepository,
  Vendor,
} from './registry';

/** Use cases of the registry: vendors, products and devices. */
export interface RegistryService {
  createVendor(input: { id: string; name: string }): Promise<Vendor>;
  getVendor(id: string): Promise<Vendor>;
  listVendors(page: PageRequest): Promise<Page<Vendor>>;
  deleteVendor(id: string): Promise<void>;
  createProduct(input: NewProduct): Promise<Product>;
  getProduct(vendorId: string, id: string): Promise<Product>;
  listProducts(vendorId: string, page: PageRequest): Promise<Page<Product>>;
  deleteProduct(vendorId: string, id: string): Promise<void>;
  /**
   * Saves the product's assistant mapping once it fits the product's features (400 ASSISTANT_MAPPING_INVALID
   * naming each field), or clears it (null): its devices are no longer exposed to assistants.
   */
  setAssistantMapping(vendorId: string, id: string, mapping: AssistantMapping | null): Promise<Product>;
  createDevice(input: {
    id?: string;
    vendorId: string;
    productId: string;
    name?: string;
  }): Promise<ProvisionedDevice>;
  getDevice(id: string): Promise<Device>;
  listDevices(filter: DeviceFilter, page: PageRequest): Promise<Page<Device>>;
  updateDevice(id: string, changes: DeviceChanges): Promise<Device>;
  deleteDevice(id: string): Promise<void>;
}

/** A new device and its claim code (canonical), which exists nowhere else once answered. */
export interface ProvisionedDevice {
  readonly device: Device;
  readonly claimCode: string;
}

/** Dependencies of the registry use cases. */
export interface RegistryServiceDeps {
  readonly repository: RegistryRepository;
  /** Told about credentials that stopped being valid (a deleted device), to disconnect them at once. */
  readonly onCredentialsChanged: (deviceId: string) => void;
  /** Where a deletion is announced (state-workers forget the device's state). */
  readonly events: DeviceLifecycleEvents;
  /** What the broker keeps under a device id: forgotten when a device is deleted and when one is created. */
  readonly sessions: DeviceSessions;
}

function notFound(code: string, what: string): AppError {
  return new AppError('not_found', code, `${what} not found`);
}

/** A mapping the product cannot use: 400 naming each field the way the schema validation does. */
function checkAssistantMapping(mapping: AssistantMapping, features: readonly string[]): void {
  const problems = findAssistantMappingProblems(mapping, features);
  if (problems.length === 0) return;
  const fields = problems.map(({ path, message }) => ({ location: 'body', path, message }));
  throw new AppError(
    'invalid',
    'ASSISTANT_MAPPING_INVALID',
    `the assistant mapping does not fit the product: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    { details: { fields } },
  );
}

/** Creates the registry use cases. */
export function createRegistryService({
  repository,
  onCredentialsChanged,
  events,
  sessions,
}: RegistryServiceDeps): RegistryService {
  const requireVendor = async (id: string): Promise<Vendor> =>
    (await repository.findVendor(id)) ?? Promise.reject(notFound('VENDOR_NOT_FOUND', `vendor ${id}`));
  const requireProduct = async (vendorId: string, id: string): Promise<Product> =>
    (await repository.findProduct(vendorId, id)) ??
    Promise.reject(notFound('PRODUCT_NOT_FOUND', `product ${vendorId}/${id}`));
  return {
    createVendor: (input) => repository.insertVendor(input),
    getVendor: requireVendor,
    listVendors: (page) => repository.listVendors(page),
    async deleteVendor(id) {
      if (!(await repository.deleteVendor(id))) throw notFound('VENDOR_NOT_FOUND', `vendor ${id}`);
    },
    createProduct: (input) => repository.insertProduct(input),
    getProduct: requireProduct,
    async listProducts(vendorId, page) {
      await requireVendor(vendorId);
      return repository.listProducts(vendorId, page);
    },
    async deleteProduct(vendorId, id) {
      if (!(await repository.deleteProduct(vendorId, id))) {
        throw notFound('PRODUCT_NOT_FOUND', `product ${vendorId}/${id}`);
      }
    },
    async setAssistantMapping(vendorId, id, mapping) {
      if (mapping !== null) {
        const { features } = await requireProduct(vendorId, id);
        checkAssistantMapping(mapping, features);
      }
      const saved = await repository.setAssistantMapping(vendorId, id, mapping);
      if (saved === undefined) throw notFound('PRODUCT_NOT_FOUND', `product ${vendorId}/${id}`);
      return saved;
    },
    async createDevice(input) {
      const claimCode = generateClaimCode();
      const device = await repository.insertDevice(
        {
          id: input.id ?? createId('dev'),
          vendorId: input.vendorId,
          productId: input.productId,
          name: input.name ?? null,
          claimCodeHash: claimCode.hash,
        },
        // Leftovers of an earlier device with this id (a deletion on a replica whose connection outlived
        // it, or whose own clean-up failed) go before the device exists; announced before the commit, like
        // a deletion, so no device exists unannounced.
        async (inserted) => {
          await sessions.forget({ vendorId: inserted.vendorId, deviceId: inserted.id });
          await events.deviceRegistered({
            vendorId: inserted.vendorId,
            deviceId: inserted.id,
            productId: inserted.productId,
            registeredAt: inserted.createdAt.getTime(),
          });
        },
      );
      return { device, claimCode: claimCode.code };
    },
    async getDevice(id) {
      return (
        (await repository.findDevice(id)) ?? Promise.reject(notFound('DEVICE_NOT_FOUND', `device ${id}`))
      );
    },
    listDevices: (filter, page) => repository.listDevices(filter, page),
    async updateDevice(id, changes) {
      const device = await repository.updateDevice(id, changes, (updated) => {
        const address = { vendorId: updated.vendorId, deviceId: id };
        return changes.ownerId === undefined
          ? describeDeviceChange(address, 'details')
          : describeOwnerChange(address, updated.ownerId);
      });
      if (device === undefined) throw notFound('DEVICE_NOT_FOUND', `device ${id}`);
      return device;
    },
    async deleteDevice(id) {
      // Announced before the commit: a deletion never commits without its event.
      const deleted = await repository.deleteDevice(id, ({ vendorId, deletedAt }) =>
        events.deviceDeleted({ vendorId, deviceId: id, deletedAt: deletedAt.getTime() }),
      );
      if (deleted === undefined) throw notFound('DEVICE_NOT_FOUND', `device ${id}`);
      if (deleted.revokedCredentialIds.length > 0) onCredentialsChanged(id);
      await sessions.forget({ vendorId: deleted.vendorId, deviceId: id });
    },
  };
}
