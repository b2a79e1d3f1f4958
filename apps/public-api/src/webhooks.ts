import type { Consumer, MessageBus } from '@homeport/messaging';
import { createBusWebhookMessages } from './adapters/bus-webhook-messages';
import type { Clock } from './domain/clock';
import type { DeviceHomes } from './domain/live-events';
import { createWebhookDisabling } from './domain/webhook-disabling';
import { createWebhookMatcher } from './domain/webhook-matching';
import type { WebhookRepository } from './domain/webhooks';
import { consumeWebhookEndpoints } from './entry-points/webhook-endpoints.consumer';
import { consumeWebhookEvents } from './entry-points/webhook-events.consumer';

/**
 * The webhook consumers: homeport.events matched to endpoints (delivery requests for notifications), and
 * the endpoints notifications gave up on. Closing stops both.
 */
export async function consumeWebhooks(deps: {
  /** The endpoints (shared with the routes: their changes reach the matching's cache). */
  endpoints: WebhookRepository;
  bus: MessageBus;
  deviceHomes: DeviceHomes;
  clock: Clock;
}): Promise<{ close(): Promise<void> }> {
  const messages = createBusWebhookMessages(deps.bus);
  const { endpoints, deviceHomes, clock } = deps;
  const consumers: Consumer[] = [
    await consumeWebhookEvents(deps.bus, createWebhookMatcher({ deviceHomes, endpoints, messages, clock })),
    await consumeWebhookEndpoints(deps.bus, createWebhookDisabling({ endpoints, messages, clock })),
  ];
  return {
    async close() {
      await Promise.all(consumers.map((consumer) => consumer.close()));
    },
  };
}
