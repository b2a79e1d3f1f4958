import {
  CreateWebhookRequest,
  Id,
  UpdateWebhookRequest,
  WebhookCreatedResponse,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpointParams,
  WebhookList,
  WebhookResponse,
  type ApiScope,
} from '@homeport/contracts';
import type { HttpApp, HttpRoutes } from '@homeport/http';
import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { WebhookService, WebhookWithSecret } from '../../domain/webhook-service';
import type { WebhookEndpoint } from '../../domain/webhooks';
import {
  authenticated,
  callerOf,
  errorResponses,
  forUsers,
  forVendorsAndMembers,
  type RouteAccess,
} from './authenticate';

const webhooksTag = { tags: ['webhooks'], ...authenticated };

/** An endpoint as its owner reads it: never its secret. */
export function toWebhookResponse(endpoint: WebhookEndpoint): WebhookResponse {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: [...endpoint.eventTypes],
    description: endpoint.description,
    homeId: endpoint.homeId,
    status: endpoint.disabledAt === null ? 'enabled' : 'disabled',
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

const withSecret = ({ endpoint, secret }: WebhookWithSecret): WebhookCreatedResponse => ({
  ...toWebhookResponse(endpoint),
  secret,
});

/** One family of routes: the owner's (/webhooks) or a vendor's (/vendors/{vendorId}/webhooks). */
interface WebhookRouteFamily {
  readonly path: string;
  readonly collectionParams: TSchema | undefined;
  readonly itemParams: TSchema;
  readonly access: (scope: ApiScope) => { config: { access: RouteAccess } };
  readonly reach: string;
}

const families: readonly WebhookRouteFamily[] = [
  {
    path: '/webhooks',
    collectionParams: undefined,
    itemParams: WebhookEndpointParams,
    access: forUsers,
    reach:
      "A person's endpoints receive the events of the devices in their homes (all, or `homeId`) while they " +
      'are a member; an OAuth client sees and manages only the endpoints it created, which end with its ' +
      "authorization. Another's endpoint is 404 WEBHOOK_NOT_FOUND.",
  },
  {
    path: '/vendors/:vendorId/webhooks',
    collectionParams: Type.Object({ vendorId: Id }),
    itemParams: Type.Object({ vendorId: Id, ...WebhookEndpointParams.properties }),
    access: forVendorsAndMembers,
    reach:
      "The vendor's endpoints receive the events of all its devices, without home ids. Its back end (API " +
      'key, client credentials) or its admins with their own session; a developer 403 VENDOR_ROLE_INSUFFICIENT, others 404 VENDOR_NOT_FOUND.',
  },
];

interface WebhookPathParams {
  readonly vendorId?: string;
  readonly endpointId?: string;
}
const paramsOf = (request: FastifyRequest) => request.params as WebhookPathParams;
const endpointIdOf = (request: FastifyRequest) => paramsOf(request).endpointId ?? '';

function registerFamily(app: HttpApp, webhooks: WebhookService, family: WebhookRouteFamily): void {
  const { path, access, reach } = family;
  const item = `${path}/:endpointId`;
  const collectionSchema = family.collectionParams === undefined ? {} : { params: family.collectionParams };
  const itemSchema = { params: family.itemParams };
  const run = (request: FastifyRequest) => ({
    caller: callerOf(request),
    vendorId: paramsOf(request).vendorId,
  });

  app.get(
    path,
    {
      ...access('webhooks:read'),
      schema: {
        ...webhooksTag,
        description: `The endpoints, oldest first. ${reach}`,
        ...collectionSchema,
        response: { 200: WebhookList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { caller, vendorId } = run(request);
      return { items: (await webhooks.list(caller, vendorId)).map(toWebhookResponse) };
    },
  );
  app.post(
    path,
    {
      ...access('webhooks:write'),
      schema: {
        ...webhooksTag,
        description:
          'Subscribes a URL to event types; answers the signing secret once. The URL: https (400 ' +
          'WEBHOOK_URL_INVALID otherwise, or with a user, a fragment, a private or loopback address); a ' +
          `limited number per owner (409 WEBHOOKS_LIMIT). Audited. ${reach}`,
        ...collectionSchema,
        body: CreateWebhookRequest,
        response: { 201: WebhookCreatedResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { caller, vendorId } = run(request);
      const created = await webhooks.create(caller, vendorId, request.body);
      return reply.code(201).send(withSecret(created));
    },
  );
  app.get(
    item,
    {
      ...access('webhooks:read'),
      schema: {
        ...webhooksTag,
        ...itemSchema,
        response: { 200: WebhookResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { caller, vendorId } = run(request);
      return toWebhookResponse(await webhooks.get(caller, vendorId, endpointIdOf(request)));
    },
  );
  app.patch(
    item,
    {
      ...access('webhooks:write'),
      schema: {
        ...webhooksTag,
        description:
          'Changes the URL, event types or description; `enabled: true` re-enables an endpoint disabled after ' +
          'failing (its failure count starts again; 503 NOTIFICATIONS_UNAVAILABLE changes nothing). Audited.',
        ...itemSchema,
        body: UpdateWebhookRequest,
        response: { 200: WebhookResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { caller, vendorId } = run(request);
      const body = request.body;
      return toWebhookResponse(await webhooks.update(caller, vendorId, endpointIdOf(request), body));
    },
  );
  app.delete(
    item,
    {
      ...access('webhooks:write'),
      schema: {
        ...webhooksTag,
        description:
          'Deletes the endpoint; its waiting deliveries are abandoned (503 NOTIFICATIONS_UNAVAILABLE deletes nothing). Audited.',
        ...itemSchema,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { caller, vendorId } = run(request);
      await webhooks.remove(caller, vendorId, endpointIdOf(request));
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${item}/secret`,
    {
      ...access('webhooks:write'),
      schema: {
        ...webhooksTag,
        description:
          'A new signing secret, answered once; the old one stops signing new deliveries at once. Audited.',
        ...itemSchema,
        response: { 200: WebhookCreatedResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { caller, vendorId } = run(request);
      return withSecret(await webhooks.rotateSecret(caller, vendorId, endpointIdOf(request)));
    },
  );
  app.get(
    `${item}/deliveries`,
    {
      ...access('webhooks:read'),
      schema: {
        ...webhooksTag,
        description:
          "The endpoint's deliveries, newest first, from the notifications service's log (503 NOTIFICATIONS_UNAVAILABLE when away).",
        ...itemSchema,
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryPage, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { caller, vendorId } = run(request);
      const query = request.query;
      return webhooks.deliveries(caller, vendorId, endpointIdOf(request), query);
    },
  );
}

/** Webhook endpoints: a person's under /webhooks, a vendor's under /vendors/{vendorId}/webhooks. */
export const webhookRoutes: HttpRoutes<{ webhooks: WebhookService }> = (app, { webhooks }) => {
  for (const family of families) registerFamily(app, webhooks, family);
  return Promise.resolve();
};
