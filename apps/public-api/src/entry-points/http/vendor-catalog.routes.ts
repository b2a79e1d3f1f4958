import {
  AssistantMapping,
  PageQuery,
  VendorCreateProductRequest,
  VendorIdParams,
  VendorProductPage,
  VendorProductParams,
  VendorProductResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { VendorCatalogService } from '../../domain/vendor-catalog-service';
import { authenticated, callerOf, errorResponses, forVendorsAndMembers } from './authenticate';

const productsTag = { tags: ['vendor products'], ...authenticated };
const reach =
  "A vendor's own key, or a member of the vendor; any other vendor is 404 VENDOR_NOT_FOUND, existing or not.";

/** A vendor's products, confined to a vendor the caller operates. */
export const vendorCatalogRoutes: HttpRoutes<{ catalog: VendorCatalogService }> = (app, { catalog }) => {
  app.get(
    '/vendors/:vendorId/products',
    {
      ...forVendorsAndMembers('products:read'),
      schema: {
        ...productsTag,
        description: `The vendor's products in id order (nextAfter when more follow). ${reach}`,
        params: VendorIdParams,
        querystring: PageQuery,
        response: { 200: VendorProductPage, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => catalog.listProducts(callerOf(request), request.params.vendorId, request.query),
  );
  app.post(
    '/vendors/:vendorId/products',
    {
      ...forVendorsAndMembers('products:write'),
      schema: {
        ...productsTag,
        description: `A device model and the features its devices report or accept; the id is unique per vendor (409). ${reach}`,
        params: VendorIdParams,
        body: VendorCreateProductRequest,
        response: { 201: VendorProductResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await catalog.createProduct(callerOf(request), request.params.vendorId, request.body)),
  );
  app.get(
    '/vendors/:vendorId/products/:productId',
    {
      ...forVendorsAndMembers('products:read'),
      schema: {
        ...productsTag,
        params: VendorProductParams,
        response: { 200: VendorProductResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, productId } = request.params;
      return catalog.getProduct(callerOf(request), vendorId, productId);
    },
  );
  app.delete(
    '/vendors/:vendorId/products/:productId',
    {
      ...forVendorsAndMembers('products:write'),
      schema: {
        ...productsTag,
        description: 'Refused (409) while devices of the product exist.',
        params: VendorProductParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { vendorId, productId } = request.params;
      await catalog.deleteProduct(callerOf(request), vendorId, productId);
      return reply.code(204).send(null);
    },
  );
  const mappingPath = '/vendors/:vendorId/products/:productId/assistant-mapping';
  app.get(
    mappingPath,
    {
      ...forVendorsAndMembers('products:read'),
      schema: {
        ...productsTag,
        description: `How the product's features map to Alexa and Google Home capabilities; 404 ASSISTANT_MAPPING_NOT_FOUND while it has none. ${reach}`,
        params: VendorProductParams,
        response: { 200: AssistantMapping, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, productId } = request.params;
      return catalog.getAssistantMapping(callerOf(request), vendorId, productId);
    },
  );
  app.put(
    mappingPath,
    {
      ...forVendorsAndMembers('products:write'),
      schema: {
        ...productsTag,
        description:
          "Exposes the product's devices to the voice assistants people link (Alexa, Google Home). Each " +
          'capability names the feature holding its value; 400 ASSISTANT_MAPPING_INVALID names each field that ' +
          `does not fit the product (details.fields). ${reach}`,
        params: VendorProductParams,
        body: AssistantMapping,
        response: { 200: AssistantMapping, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, productId } = request.params;
      return catalog.setAssistantMapping(callerOf(request), vendorId, productId, request.body);
    },
  );
  app.delete(
    mappingPath,
    {
      ...forVendorsAndMembers('products:write'),
      schema: {
        ...productsTag,
        description: `The product's devices are no longer exposed to the voice assistants. ${reach}`,
        params: VendorProductParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { vendorId, productId } = request.params;
      await catalog.removeAssistantMapping(callerOf(request), vendorId, productId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
