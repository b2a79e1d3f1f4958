import { webhookEventsQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import { createAlertEventHandlers } from './alert-event-handlers';
import type { WebhookMatcher } from '../domain/webhook-matching';

/**
 * Matches homeport.events' state changes, presence, finished commands and alerts to webhook endpoints. The replicas
 * compete on one queue: each event is matched once; it is acked once its delivery requests are confirmed.
 */
export function consumeWebhookEvents(bus: MessageBus, matcher: WebhookMatcher): Promise<Consumer> {
  return bus.consume(webhookEventsQueue, {
    'device.state-changed.v1': async (event, { messageId }) => {
      await matcher.matchStateChanged(event, messageId);
    },
    'device.presence.v1': async (event, { messageId }) => {
      await matcher.matchPresence(event, messageId);
    },
    'device.command-finished.v1': async (event, { messageId }) => {
      await matcher.matchCommandFinished(event, messageId);
    },
    ...createAlertEventHandlers((message, messageId) => matcher.matchAlert(message, messageId)),
  });
}
