import type { paths } from '@homeport/api-client';
import type { ApiAnswer } from '../api/console-api';

/** A vendor's webhook endpoint as public-api lists it (never its secret). */
export type WebhookEndpoint = ApiAnswer<'/v1/vendors/{vendorId}/webhooks', 'get'>['items'][number];

/** A page of an endpoint's deliveries, newest first, and the cursor of the older page. */
export type DeliveryPage = ApiAnswer<'/v1/vendors/{vendorId}/webhooks/{endpointId}/deliveries', 'get'>;
/** One event's delivery to an endpoint. */
export type Delivery = DeliveryPage['items'][number];

/** An event type an endpoint subscribes to, as public-api's OpenAPI document types it (contracts' list). */
export type WebhookEventType = WebhookEndpoint['eventTypes'][number];

/**
 * Every event type, in words: a Record, so a type contracts adds fails the typecheck until it is described.
 * A vendor's endpoints get its devices' events, and the alerts of its own default rules.
 */
const eventTypeLabels: Readonly<Record<WebhookEventType, string>> = {
  'device.state-changed': "a device's reported state changed",
  'device.presence': 'a device connected or disconnected',
  'device.command-finished': 'a command to a device finished',
  'alert.fired': 'an alert of your product rules fired',
  'alert.resolved': 'an alert was resolved',
  'alert.acknowledged': 'an alert was acknowledged',
  'alert.escalated': 'an alert was escalated',
  'alert.flapping-changed': 'a rule started or stopped flapping',
};

/** The event types to choose from, in contracts' order. */
export const eventTypeChoices = Object.entries(eventTypeLabels).map(([type, label]) => ({
  type: type as WebhookEventType,
  label,
}));

/** The query of a page of deliveries (public-api pages them with `before`). */
export type DeliveryQuery = NonNullable<
  paths['/v1/vendors/{vendorId}/webhooks/{endpointId}/deliveries']['get']['parameters']['query']
>;

/**
 * A delivery's status as a mark and words (never by colour alone), and whether it failed: failed and
 * abandoned deliveries reached no one and will not be retried.
 */
export function describeDelivery(delivery: Pick<Delivery, 'status' | 'nextAttemptAt'>): {
  readonly text: string;
  readonly failed: boolean;
} {
  switch (delivery.status) {
    case 'delivered':
      return { text: '✓ delivered', failed: false };
    case 'pending':
      return { text: delivery.nextAttemptAt === null ? '… sending' : '↻ retrying', failed: false };
    case 'failed':
      return { text: '✕ failed', failed: true };
    case 'abandoned':
      return { text: '✕ abandoned', failed: true };
  }
}

/** The answer the endpoint gave last: its HTTP status, or the error that stood in for one. */
export function describeResponse(delivery: Pick<Delivery, 'lastStatusCode' | 'lastError'>): string {
  if (delivery.lastStatusCode !== null) return `HTTP ${delivery.lastStatusCode}`;
  return delivery.lastError ?? 'not tried yet';
}
