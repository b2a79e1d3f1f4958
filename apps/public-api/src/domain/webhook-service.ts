import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import type { Caller } from './callers';
import type { Clock } from './clock';
import type { HomeRepository } from './homes';
import type { VendorAccess } from './vendor-access';
import { checkWebhookUrl, type WebhookUrlRules } from './webhook-urls';
import {
  newWebhookSecret,
  webhookNotFound,
  type WebhookDeliveryLog,
  type WebhookEndpoint,
  type WebhookOwner,
  type WebhookRepository,
} from './webhooks';

/** What the webhook endpoint use cases need. */
export interface WebhookServiceDeps {
  readonly endpoints: WebhookRepository;
  readonly deliveryLog: WebhookDeliveryLog;
  readonly homes: HomeRepository;
  readonly access: VendorAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly settings: WebhookUrlRules & { readonly maxEndpointsPerOwner: number };
}

/** An endpoint with its secret, the one time it is shown (creation, rotation). */
export interface WebhookWithSecret {
  readonly endpoint: WebhookEndpoint;
  readonly secret: string;
}

/**
 * Webhook endpoints of the caller: a person's (`vendorId` undefined; an OAuth client acting for them sees
 * only those it created) or a vendor's (`vendorId`: its back end or its admins). Another owner's endpoint is
 * 404 WEBHOOK_NOT_FOUND, existing or not.
 */
export function createWebhookService(deps: WebhookServiceDeps) {
  const { endpoints, deliveryLog, homes, access, audit, clock, settings } = deps;

  async function ownerOf(caller: Caller, vendorId: string | undefined): Promise<WebhookOwner> {
    if (vendorId !== undefined) {
      await access.requireIntegrationManager(caller, vendorId);
      return { kind: 'vendor', vendorId };
    }
    // Routes for people only (forUsers): a vendor's back end never gets here.
    if (caller.kind !== 'user') throw new Error('a webhook route for people was called by a vendor');
    const { credential } = caller;
    return credential.kind === 'oauth'
      ? { kind: 'user', userId: caller.userId, clientId: credential.clientId }
      : { kind: 'user', userId: caller.userId };
  }

  async function checkHome(owner: WebhookOwner, homeId: string | undefined): Promise<string | null> {
    if (homeId === undefined) return null;
    if (owner.kind === 'vendor') {
      throw new AppError(
        'invalid',
        'WEBHOOK_HOME_NOT_ALLOWED',
        "a vendor's endpoint receives the vendor's devices, not a home's",
      );
    }
    const scope = await homes.loadScope(owner.userId);
    if (!scope.roles.has(homeId))
      throw new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
    return homeId;
  }

  const record = (caller: Caller, action: string, endpoint: WebhookEndpoint) =>
    audit.record({
      caller,
      at: clock.now(),
      action,
      outcome: 'succeeded',
      ...(endpoint.owner.kind === 'vendor' && { vendorId: endpoint.owner.vendorId }),
      ...(endpoint.homeId !== null && { homeId: endpoint.homeId }),
      // Never the URL: its query may hold the receiver's own secret.
      details: { endpointId: endpoint.id, eventTypes: endpoint.eventTypes },
    });

  async function find(caller: Caller, vendorId: string | undefined, id: string) {
    const owner = await ownerOf(caller, vendorId);
    const endpoint = await endpoints.find(owner, id);
    if (endpoint === undefined) throw webhookNotFound();
    return { owner, endpoint };
  }

  return {
    async create(
      caller: Caller,
      vendorId: string | undefined,
      request: CreateWebhookRequest,
    ): Promise<WebhookWithSecret> {
      const owner = await ownerOf(caller, vendorId);
      const url = checkWebhookUrl(request.url, settings);
      const homeId = await checkHome(owner, request.homeId);
      const now = clock.now();
      const secret = newWebhookSecret();
      const endpoint: WebhookEndpoint = {
        id: randomUUID(),
        owner,
        url,
        eventTypes: request.eventTypes,
        description: request.description ?? null,
        homeId,
        secret,
        disabledAt: null,
        disabledReason: null,
        createdAt: now,
      };
      if ((await endpoints.insert(endpoint, settings.maxEndpointsPerOwner)) === 'limit') {
        throw new AppError(
          'conflict',
          'WEBHOOKS_LIMIT',
          `at most ${settings.maxEndpointsPerOwner} webhook endpoints; delete one first`,
        );
      }
      await record(caller, 'webhook.created', endpoint);
      return { endpoint, secret };
    },

    async list(caller: Caller, vendorId: string | undefined): Promise<WebhookEndpoint[]> {
      return endpoints.list(await ownerOf(caller, vendorId));
    },

    async get(caller: Caller, vendorId: string | undefined, id: string): Promise<WebhookEndpoint> {
      return (await find(caller, vendorId, id)).endpoint;
    },

    async update(
      caller: Caller,
      vendorId: string | undefined,
      id: string,
      request: UpdateWebhookRequest,
    ): Promise<WebhookEndpoint> {
      const { owner, endpoint } = await find(caller, vendorId, id);
      const url = request.url === undefined ? undefined : checkWebhookUrl(request.url, settings);
      // notifications first: while it is away (503) nothing changes here, and the call can be repeated.
      if (request.enabled === true && endpoint.disabledAt !== null) await deliveryLog.enable(id);
      const changes = { ...request, ...(url !== undefined && { url }) };
      const updated = await endpoints.update(owner, id, changes, clock.now());
      if (updated === undefined) throw webhookNotFound();
      await record(caller, request.enabled === true ? 'webhook.enabled' : 'webhook.updated', updated);
      return updated;
    },

    async rotateSecret(caller: Caller, vendorId: string | undefined, id: string): Promise<WebhookWithSecret> {
      const { owner } = await find(caller, vendorId, id);
      const secret = newWebhookSecret();
      const endpoint = await endpoints.replaceSecret(owner, id, secret);
      if (endpoint === undefined) throw webhookNotFound();
      await record(caller, 'webhook.secret-rotated', endpoint);
      return { endpoint, secret };
    },

    async remove(caller: Caller, vendorId: string | undefined, id: string): Promise<void> {
      const { owner, endpoint } = await find(caller, vendorId, id);
      // notifications abandons the waiting deliveries first; away, nothing is deleted (503, repeatable).
      await deliveryLog.forget(id);
      if (!(await endpoints.remove(owner, id))) throw webhookNotFound();
      await record(caller, 'webhook.deleted', endpoint);
    },

    async deliveries(
      caller: Caller,
      vendorId: string | undefined,
      id: string,
      query: WebhookDeliveryQuery,
    ): Promise<WebhookDeliveryPage> {
      await find(caller, vendorId, id);
      return deliveryLog.deliveries(id, query);
    },
  };
}

/** The webhook endpoint use cases. */
export type WebhookService = ReturnType<typeof createWebhookService>;
