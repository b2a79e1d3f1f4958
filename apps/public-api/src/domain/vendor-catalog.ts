import type {
  AssistantMapping,
  CreateProductRequest,
  PageQuery,
  ProductPage,
  ProductResponse,
} from '@homeport/contracts';

/** A device maker's products in the device registry (broker-api); every call names the vendor. */
export interface ProductCatalog {
  listProducts(vendorId: string, page: Required<Pick<PageQuery, 'limit'>> & PageQuery): Promise<ProductPage>;
  createProduct(vendorId: string, request: CreateProductRequest): Promise<ProductResponse>;
  /** 404 PRODUCT_NOT_FOUND for a product of another vendor, as for a missing one. */
  getProduct(vendorId: string, productId: string): Promise<ProductResponse>;
  /** 409 while devices of the product exist (broker-api's code). */
  deleteProduct(vendorId: string, productId: string): Promise<void>;
  /**
   * Saves (or removes, null) the product's assistant mapping; 400 ASSISTANT_MAPPING_INVALID (broker-api's
   * check against the features) naming each field. Every replica's cached copy of the product is dropped.
   */
  setAssistantMapping(vendorId: string, productId: string, mapping: AssistantMapping | null): Promise<void>;
}
