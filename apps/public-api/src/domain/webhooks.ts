import type {
  MessagePayload,
  notificationRequestedV1,
  webhookDeliveryRequestedV1,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEventType,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomBytes } from 'node:crypto';

/**
 * Whose endpoints a query reaches: a user's (all of them; with `clientId`, an OAuth client acting for the
 * user: only the ones that client created) or a vendor's. Every repository call takes one, so an endpoint
 * outside it is never read or changed.
 */
export type WebhookOwner =
  | { readonly kind: 'user'; readonly userId: string; readonly clientId?: string }
  | { readonly kind: 'vendor'; readonly vendorId: string };

/** A webhook endpoint as stored. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly owner: WebhookOwner;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly description: string | null;
  readonly homeId: string | null;
  readonly secret: string;
  readonly disabledAt: Date | null;
  readonly disabledReason: string | null;
  readonly createdAt: Date;
}

/** The changes of a PATCH, checked; `enabled` clears the disabling. */
export interface WebhookChanges {
  readonly url?: string;
  readonly eventTypes?: readonly WebhookEventType[];
  readonly description?: string;
  readonly enabled?: true;
}

/** What an endpoint's disabling found: the endpoint's owner and what the notice names. */
export interface DisabledWebhook {
  readonly owner: WebhookOwner;
  readonly url: string;
  readonly description: string | null;
}

/** An endpoint an event matched, with what its delivery request carries. */
export interface MatchedWebhook {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  /** An owner's endpoint (its deliveries name the device's home), or a vendor's (they never do). */
  readonly forOwner: boolean;
}

/** The endpoints in `public_api.webhook_endpoints`. */
export interface WebhookRepository {
  /** Inserts it unless the owner holds `maxPerOwner` already (decided under a lock on the owner). */
  insert(endpoint: WebhookEndpoint, maxPerOwner: number): Promise<'inserted' | 'limit'>;
  list(owner: WebhookOwner): Promise<WebhookEndpoint[]>;
  find(owner: WebhookOwner, id: string): Promise<WebhookEndpoint | undefined>;
  update(
    owner: WebhookOwner,
    id: string,
    changes: WebhookChanges,
    now: Date,
  ): Promise<WebhookEndpoint | undefined>;
  replaceSecret(owner: WebhookOwner, id: string, secret: string): Promise<WebhookEndpoint | undefined>;
  remove(owner: WebhookOwner, id: string): Promise<boolean>;
  /**
   * The enabled endpoints subscribed to `eventType` that reach the event: the vendor's (none without a
   * vendor: a home's own alert rule), and (when it is in a home) those of the home's current members, for
   * every home or this one, whose OAuth client (if any) the user still authorizes.
   */
  match(
    eventType: WebhookEventType,
    reach: { vendorId: string | undefined; homeId: string | undefined },
    now: Date,
  ): Promise<MatchedWebhook[]>;
  /** Marks it disabled unless re-enabled after `disabledAt`; undefined when it no longer exists. */
  disable(
    id: string,
    reason: string,
    disabledAt: Date,
  ): Promise<(DisabledWebhook & { disabled: boolean }) | undefined>;
  /** The vendor's admins: who is told of a vendor endpoint's disabling. */
  vendorAdmins(vendorId: string): Promise<string[]>;
}

/** The notifications service's side of endpoints: their deliveries (internal HTTP API). */
export interface WebhookDeliveryLog {
  /** Resets the failure count of a re-enabled endpoint. */
  enable(endpointId: string): Promise<void>;
  /** Abandons its waiting deliveries; an endpoint notifications never saw is fine. */
  forget(endpointId: string): Promise<void>;
  deliveries(endpointId: string, query: WebhookDeliveryQuery): Promise<WebhookDeliveryPage>;
}

/** The messages of the webhooks: delivery requests for notifications, and notices to people. */
export interface WebhookMessages {
  /** Resolves once the broker confirmed it. */
  requestDelivery(request: MessagePayload<typeof webhookDeliveryRequestedV1>): Promise<void>;
  notify(request: MessagePayload<typeof notificationRequestedV1>): Promise<void>;
}

/** A new signing secret: `whsec_` + base64 of 32 random bytes, as Standard Webhooks libraries read it. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** One answer for an endpoint that does not exist and one outside the caller's reach. */
export const webhookNotFound = () =>
  new AppError('not_found', 'WEBHOOK_NOT_FOUND', 'no such webhook endpoint among yours');
