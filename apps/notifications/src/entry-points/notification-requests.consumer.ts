import { notificationRequestedV1, notificationRequestsQueue } from '@homeport/contracts';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { AcceptOutcome, NotificationRequest } from '../domain/accept-notification';
import type { ObserveHandling } from './observe-handling';

/**
 * Consumes notifications.requests: each request becomes outbox rows (in the statement the ack waits for),
 * so a redelivery finds them there and queues nothing. The bus dead-letters what the schema refuses.
 */
export function startNotificationRequestsConsumer(deps: {
  readonly bus: MessageBus;
  readonly accept: (request: NotificationRequest) => Promise<AcceptOutcome>;
  readonly observe: ObserveHandling;
  readonly onQueued: () => void;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  return deps.bus.consume(
    notificationRequestsQueue,
    {
      [notificationRequestedV1.type]: (request) =>
        deps.observe(notificationRequestedV1.type, async () => {
          const outcome = await deps.accept(request);
          if (outcome === 'queued') deps.onQueued();
          return outcome;
        }),
    },
    deps.options,
  );
}
