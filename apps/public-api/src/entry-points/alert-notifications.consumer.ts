import { publicApiAlertNotificationsQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { AlertNotifier } from '../domain/alert-notifier';
import { createAlertEventHandlers } from './alert-event-handlers';

/**
 * Turns the alerts service's events into notification requests for the people of the alert's home. The
 * replicas compete on one queue; an event is acked once its requests are confirmed (a failure retries it
 * whole: its requests keep their dedup keys).
 */
export function consumeAlertNotifications(bus: MessageBus, notifier: AlertNotifier): Promise<Consumer> {
  const { 'alert.acknowledged.v1': _acknowledged, ...handlers } = createAlertEventHandlers((message) =>
    notifier.handle(message),
  );
  return bus.consume(publicApiAlertNotificationsQueue, handlers);
}
