import { webhookEndpointsQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { WebhookDisabling } from '../domain/webhook-disabling';

/** Disables the endpoints notifications gave up on, and tells their owners. */
export function consumeWebhookEndpoints(bus: MessageBus, disabling: WebhookDisabling): Promise<Consumer> {
  return bus.consume(webhookEndpointsQueue, {
    'webhook.endpoint-disabled.v1': async (event) => {
      await disabling.disable(event);
    },
  });
}
