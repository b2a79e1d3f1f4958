import type {
  AssistantMapping,
  CreateProductRequest,
  PageQuery,
  ProductPage,
  ProductResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import type { Caller } from './callers';
import type { Clock } from './clock';
import type { ProductCatalog } from './vendor-catalog';
import type { VendorAccess } from './vendor-access';

/** What the vendor catalog use cases need. */
export interface VendorCatalogServiceDeps {
  readonly catalog: ProductCatalog;
  /** Every operation starts with `access.requireOperator` (404 VENDOR_NOT_FOUND outside the caller's reach). */
  readonly access: VendorAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const defaultPageLimit = 100;
const mappingNotFound = () =>
  new AppError('not_found', 'ASSISTANT_MAPPING_NOT_FOUND', 'the product has no assistant mapping');

/** A vendor's products, each call confined to a vendor the caller operates. */
export function createVendorCatalogService(deps: VendorCatalogServiceDeps) {
  const { catalog, access, audit, clock } = deps;
  const record = (caller: Caller, action: string, vendorId: string, productId: string) =>
    audit.record({
      caller,
      at: clock.now(),
      action,
      outcome: 'succeeded',
      vendorId,
      details: { productId },
    });

  return {
    async listProducts(caller: Caller, vendorId: string, page: PageQuery): Promise<ProductPage> {
      await access.requireOperator(caller, vendorId);
      return catalog.listProducts(vendorId, { ...page, limit: page.limit ?? defaultPageLimit });
    },

    async createProduct(
      caller: Caller,
      vendorId: string,
      request: CreateProductRequest,
    ): Promise<ProductResponse> {
      await access.requireOperator(caller, vendorId);
      const product = await catalog.createProduct(vendorId, request);
      await record(caller, 'product.created', vendorId, product.id);
      return product;
    },

    async getProduct(caller: Caller, vendorId: string, productId: string): Promise<ProductResponse> {
      await access.requireOperator(caller, vendorId);
      return catalog.getProduct(vendorId, productId);
    },

    async deleteProduct(caller: Caller, vendorId: string, productId: string): Promise<void> {
      await access.requireOperator(caller, vendorId);
      await catalog.deleteProduct(vendorId, productId);
      await record(caller, 'product.deleted', vendorId, productId);
    },

    /** The product's assistant mapping; 404 ASSISTANT_MAPPING_NOT_FOUND while it has none. */
    async getAssistantMapping(
      caller: Caller,
      vendorId: string,
      productId: string,
    ): Promise<AssistantMapping> {
      await access.requireOperator(caller, vendorId);
      return (
        (await catalog.getProduct(vendorId, productId)).assistantMapping ?? Promise.reject(mappingNotFound())
      );
    },

    /** Exposes the product's devices to the assistants as the mapping says (checked against its features). */
    async setAssistantMapping(
      caller: Caller,
      vendorId: string,
      productId: string,
      mapping: AssistantMapping,
    ): Promise<AssistantMapping> {
      await access.requireOperator(caller, vendorId);
      await catalog.setAssistantMapping(vendorId, productId, mapping);
      await record(caller, 'product.assistant-mapping-set', vendorId, productId);
      return mapping;
    },

    /** The product's devices are no longer exposed to the assistants. */
    async removeAssistantMapping(caller: Caller, vendorId: string, productId: string): Promise<void> {
      await access.requireOperator(caller, vendorId);
      await catalog.setAssistantMapping(vendorId, productId, null);
      await record(caller, 'product.assistant-mapping-removed', vendorId, productId);
    },
  };
}

/** The vendor catalog use cases. */
export type VendorCatalogService = ReturnType<typeof createVendorCatalogService>;
