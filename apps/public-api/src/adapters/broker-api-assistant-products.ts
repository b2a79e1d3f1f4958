import type { ProductResponse } from '@homeport/contracts';
import type { AssistantProduct, AssistantProducts } from '../domain/assistant-device-service';
import { createInvalidatedCache, type CacheLimits } from './invalidated-cache';
import { productKey, type Invalidations } from './invalidations';
import type { InternalApiSend } from './internal-api-transport';

/**
 * The products' names and assistant mappings through broker-api, cached per replica like the device views:
 * a replica that changes a mapping publishes the `product` invalidation (every replica drops it), and
 * `maxAgeMs` bounds what a lost one leaves behind.
 */
export function createBrokerApiAssistantProducts(
  send: InternalApiSend,
  caching: { readonly invalidations: Invalidations; readonly limits: CacheLimits },
): AssistantProducts {
  const cache = createInvalidatedCache<AssistantProduct>(caching.invalidations, caching.limits);
  caching.invalidations.subscribe('product', { onStale: cache.drop, onReset: cache.dropAll });
  async function load(vendorId: string, productId: string): Promise<AssistantProduct> {
    const path = `/vendors/${encodeURIComponent(vendorId)}/products/${encodeURIComponent(productId)}`;
    const { name, assistantMapping } = await send<ProductResponse>('GET', path);
    return { name, assistantMapping };
  }
  return {
    find: (vendorId, productId) =>
      cache.get(productKey(vendorId, productId), () => load(vendorId, productId)),
  };
}
