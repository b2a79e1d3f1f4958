import type { ProductPage, ProductResponse } from '@homeport/contracts';
import type { ProductCatalog } from '../domain/vendor-catalog';
import type { InternalApiSend } from './internal-api-transport';

/** A vendor's products through broker-api's registry routes (`/vendors/:vendorId/products`). */
export function createBrokerApiProductCatalog(send: InternalApiSend): ProductCatalog {
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
  };
}
