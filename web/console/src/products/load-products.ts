import type { PublicApiClient } from '@homeport/api-client';
import { takeData, type ApiAnswer } from '../api/console-api';

/** A vendor's product as public-api lists it: id, name, features, assistant mapping. */
export type Product = ApiAnswer<'/v1/vendors/{vendorId}/products', 'get'>['items'][number];

/** Products read at once (public-api's largest page). */
export const productsPerPage = 500;

/** The vendor's first page of products; an Error saying what went wrong and `whatToDo` when refused. */
export async function loadProducts(
  api: PublicApiClient,
  vendorId: string,
  whatToDo = 'Check that you work for this vendor, then try again.',
) {
  const answer = await api.GET('/v1/vendors/{vendorId}/products', {
    params: { path: { vendorId }, query: { limit: productsPerPage } },
  });
  return takeData(answer, whatToDo);
}
