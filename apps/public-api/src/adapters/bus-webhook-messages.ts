import { notificationRequestedV1, webhookDeliveryRequestedV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { WebhookMessages } from '../domain/webhooks';

/**
 * Delivery requests (queue notifications.webhook-deliveries) and notices (notifications.requests) as
 * confirmed messages; a delivery request's AMQP message id is its `messageId`, stable across redeliveries.
 */
export function createBusWebhookMessages(bus: MessageBus): WebhookMessages {
  return {
    requestDelivery: (request) =>
      bus.publish(webhookDeliveryRequestedV1, request, {
        messageId: `${request.messageId}:${request.endpointId}`,
      }),
    notify: (request) => bus.publish(notificationRequestedV1, request),
  };
}
