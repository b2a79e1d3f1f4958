import { webhookDeliveriesQueue, webhookDeliveryRequestedV1 } from '@homeport/contracts';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { WebhookAcceptOutcome, WebhookDeliveryRequest } from '../domain/webhook-ports';
import type { ObserveHandling } from './observe-handling';

/**
 * Consumes notifications.webhook-deliveries: each request becomes one outbox row, keyed by (messageId,
 * endpoint), in the statement the ack waits for, so a redelivered request queues nothing.
 */
export function startWebhookDeliveriesConsumer(deps: {
  readonly bus: MessageBus;
  readonly accept: (request: WebhookDeliveryRequest) => Promise<WebhookAcceptOutcome>;
  readonly observe: ObserveHandling;
  readonly onQueued: () => void;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  return deps.bus.consume(
    webhookDeliveriesQueue,
    {
      [webhookDeliveryRequestedV1.type]: (request) =>
        deps.observe(webhookDeliveryRequestedV1.type, async () => {
          const outcome = await deps.accept(request);
          if (outcome === 'queued') deps.onQueued();
          return outcome;
        }),
    },
    deps.options,
  );
}
