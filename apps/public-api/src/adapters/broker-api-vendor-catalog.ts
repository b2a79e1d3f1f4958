import type { ProductPage, ProductResponse } from '@homeport/contracts';
import type { ProductCatalog } from '../domain/vendor-catalog';
import { productKey, type Invalidations } from './invalidations';
import type { InternalApiSend } from './internal-api-transport';

/**
 * A vendor's products through broker-api's registry routes (`/vendors/:vendorId/products`). A mapping change
 * is announced to every replica (`product`) after the call whatever its outcome, as device changes are.
 */
export function createBrokerApiProductCatalog(
  send: InternalApiSend,
  invalidations: Invalidations,
): ProductCatalog {
  const productsOf = (vendorId: string) => `/vendors/${encodeURIComponent(vendorId)}/products`;
  const productPath = (vendorId: string, productId: string) =>
    `${productsOf(vendorId)}/${encodeURIComponent(productId)}`;
  return {
    listProducts: (vendorId, { limit, after }) =>
      send<ProductPage>('GET', productsOf(vendorId), { query: { limit, after } }),
    createProduct: (vendorId, request) =>
      send<ProductResponse>('POST', productsOf(vendorId), { body: request }),
    getProduct: (vendorId, productId) => send<ProductResponse>('GET', productPath(vendorId, productId)),
    async deleteProduct(vendorId, productId) {
      await send<undefined>('DELETE', productPath(vendorId, productId));
    },
    async setAssistantMapping(vendorId, productId, mapping) {
      const path = `${productPath(vendorId, productId)}/assistant-mapping`;
      try {
        if (mapping === null) await send<undefined>('DELETE', path);
        else await send<ProductResponse>('PUT', path, { body: mapping });
      } finally {
        await invalidations.publish('product', productKey(vendorId, productId));
      }
    },
  };
}
