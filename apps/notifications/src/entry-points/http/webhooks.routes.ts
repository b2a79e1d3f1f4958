import { WebhookDeliveryPage, WebhookDeliveryQuery, WebhookEndpointParams } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { WebhookEndpoints } from '../../domain/webhook-endpoints';
import { errorResponses } from './error-responses';

const defaultLimit = 50;

/** Webhook endpoints as notifications knows them: their deliveries, re-enabling, forgetting (public-api calls). */
export const webhooksRoutes: HttpRoutes<{ webhooks: WebhookEndpoints }> = (app, { webhooks }) => {
  const tags = ['webhooks'];
  app.get(
    '/webhook-endpoints/:endpointId/deliveries',
    {
      schema: {
        tags,
        description: 'Newest first; pass `nextBefore` as `before` for the next page.',
        params: WebhookEndpointParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryPage, ...errorResponses(400) },
      },
    },
    (request) =>
      webhooks.page(request.params.endpointId, {
        ...request.query,
        limit: request.query.limit ?? defaultLimit,
      }),
  );
  app.post(
    '/webhook-endpoints/:endpointId/enable',
    {
      schema: {
        tags,
        description: 'Clears the disabled state and the failure tracking: requests are delivered again.',
        params: WebhookEndpointParams,
        response: { 204: Type.Null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await webhooks.enable(request.params.endpointId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/webhook-endpoints/:endpointId',
    {
      schema: {
        tags,
        description: 'Abandons the waiting deliveries (kept in the log) and forgets the failure tracking.',
        params: WebhookEndpointParams,
        response: { 204: Type.Null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await webhooks.remove(request.params.endpointId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
