import type {
  MessagePayload,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  webhookDeliveryRequestedV1,
  webhookEndpointDisabledV1,
} from '@homeport/contracts';

/** A delivery public-api asks for, as the contract defines it. */
export type WebhookDeliveryRequest = MessagePayload<typeof webhookDeliveryRequestedV1>;

/** The announcement that notifications gave up on an endpoint. */
export type WebhookEndpointDisabled = MessagePayload<typeof webhookEndpointDisabledV1>;

/** What became of a request: queued, a repeat of one queued before, or abandoned (its endpoint is disabled). */
export type WebhookAcceptOutcome = 'queued' | 'duplicate' | 'abandoned';

/** Where an endpoint stands after a failed attempt. */
export interface EndpointFailure {
  /** Since when every attempt failed (this attempt's time when the one before succeeded). */
  readonly failingSinceMs: number;
  readonly disabled: boolean;
}

/** One page of an endpoint's deliveries, newest first. */
export interface WebhookDeliveryFilter extends Omit<WebhookDeliveryQuery, 'limit'> {
  readonly limit: number;
}

/**
 * Webhook rows of the outbox and what notifications knows of each endpoint (PostgreSQL): failing since when,
 * disabled, announced.
 */
export interface WebhookStore {
  /** Queues the delivery once per (messageId, endpoint); for a disabled endpoint it is recorded abandoned. */
  enqueue(request: WebhookDeliveryRequest): Promise<WebhookAcceptOutcome>;
  /** A 2xx: the endpoint is not failing any more. */
  recordSuccess(endpointId: string): Promise<void>;
  /** A failed attempt at `nowMs` with its reason. */
  recordFailure(endpointId: string, reason: string, nowMs: number): Promise<EndpointFailure>;
  /**
   * Disables the endpoint (unless it is already) and abandons its waiting deliveries, logging each with
   * `reason`, in one transaction; resolves true when this call disabled it.
   */
  disable(endpointId: string, reason: string): Promise<boolean>;
  /** Clears the disabled state and the failure tracking. */
  enable(endpointId: string): Promise<void>;
  /** Abandons the waiting deliveries (logged with `reason`) and forgets the endpoint; resolves with how many. */
  forget(endpointId: string, reason: string): Promise<number>;
  /** Leases, for `leaseMs`, up to `limit` disabled endpoints whose announcement is still to be published. */
  claimUnannounced(limit: number, leaseMs: number): Promise<WebhookEndpointDisabled[]>;
  markAnnounced(endpointId: string): Promise<void>;
  page(endpointId: string, filter: WebhookDeliveryFilter): Promise<WebhookDeliveryPage>;
}
