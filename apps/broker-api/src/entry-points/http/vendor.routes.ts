import {
  AssistantMapping,
  CreateProductRequest,
  CreateVendorRequest,
  PageQuery,
  ProductIdParams,
  ProductPage,
  ProductResponse,
  VendorIdParams,
  VendorPage,
  VendorResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { RegistryService } from '../../domain/registry-service';
import { errorResponses } from './error-responses';
import { toProductResponse, toVendorResponse } from './responses';

const vendors = { tags: ['vendors'] };
const products = { tags: ['products'] };
const defaultLimit = 100;

/** Vendors and their products. */
export const vendorRoutes: HttpRoutes<{ registry: RegistryService }> = (app, { registry }) => {
  app.post(
    '/vendors',
    {
      schema: {
        ...vendors,
        body: CreateVendorRequest,
        response: { 201: VendorResponse, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toVendorResponse(await registry.createVendor(request.body))),
  );
  app.get(
    '/vendors',
    { schema: { ...vendors, querystring: PageQuery, response: { 200: VendorPage, ...errorResponses(400) } } },
    async (request) => {
      const page = await registry.listVendors({
        limit: request.query.limit ?? defaultLimit,
        after: request.query.after,
      });
      return { ...page, items: page.items.map(toVendorResponse) };
    },
  );
  app.get(
    '/vendors/:vendorId',
    {
      schema: {
        ...vendors,
        params: VendorIdParams,
        response: { 200: VendorResponse, ...errorResponses(404) },
      },
    },
    async (request) => toVendorResponse(await registry.getVendor(request.params.vendorId)),
  );
  app.delete(
    '/vendors/:vendorId',
    {
      schema: {
        ...vendors,
        params: VendorIdParams,
        response: { 204: Type.Null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await registry.deleteVendor(request.params.vendorId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/vendors/:vendorId/products',
    {
      schema: {
        ...products,
        params: VendorIdParams,
        body: CreateProductRequest,
        response: { 201: ProductResponse, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const product = await registry.createProduct({ vendorId: request.params.vendorId, ...request.body });
      return reply.code(201).send(toProductResponse(product));
    },
  );
  app.get(
    '/vendors/:vendorId/products',
    {
      schema: {
        ...products,
        params: VendorIdParams,
        querystring: PageQuery,
        response: { 200: ProductPage, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { limit = defaultLimit, after } = request.query;
      const page = await registry.listProducts(request.params.vendorId, { limit, after });
      return { ...page, items: page.items.map(toProductResponse) };
    },
  );
  app.get(
    '/vendors/:vendorId/products/:productId',
    {
      schema: {
        ...products,
        params: ProductIdParams,
        response: { 200: ProductResponse, ...errorResponses(404) },
      },
    },
    async (request) =>
      toProductResponse(await registry.getProduct(request.params.vendorId, request.params.productId)),
  );
  app.delete(
    '/vendors/:vendorId/products/:productId',
    {
      schema: {
        ...products,
        params: ProductIdParams,
        response: { 204: Type.Null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await registry.deleteProduct(request.params.vendorId, request.params.productId);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/vendors/:vendorId/products/:productId/assistant-mapping',
    {
      schema: {
        ...products,
        description:
          "How the product's features map to voice-assistant capabilities; 400 ASSISTANT_MAPPING_INVALID " +
          'names each field that does not fit its features.',
        params: ProductIdParams,
        body: AssistantMapping,
        response: { 200: ProductResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { vendorId, productId } = request.params;
      return toProductResponse(await registry.setAssistantMapping(vendorId, productId, request.body));
    },
  );
  app.delete(
    '/vendors/:vendorId/products/:productId/assistant-mapping',
    {
      schema: {
        ...products,
        description: 'Removes the mapping: the devices of the product are no longer exposed to assistants.',
        params: ProductIdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { vendorId, productId } = request.params;
      await registry.setAssistantMapping(vendorId, productId, null);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
