import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  publicApiPresenceNotificationsQueue,
  userZoneEnteredV1,
  userZoneLeftV1,
} from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { PresenceNotifier } from '../domain/presence-notifier';

/**
 * Turns geofencing's presence events into notification requests (a home's other members, or the user of a
 * zone of their own). The replicas compete on one queue; an event is acked once its requests are confirmed
 * (a failure retries it whole: its requests keep their dedup keys).
 */
export function consumePresenceNotifications(bus: MessageBus, notifier: PresenceNotifier): Promise<Consumer> {
  return bus.consume(publicApiPresenceNotificationsQueue, {
    [homeMemberArrivedV1.type]: async (event) => {
      await notifier.handle({ type: 'home.member-arrived', event });
    },
    [homeMemberLeftV1.type]: async (event) => {
      await notifier.handle({ type: 'home.member-left', event });
    },
    [userZoneEnteredV1.type]: async (event) => {
      await notifier.handle({ type: 'user.zone-entered', event });
    },
    [userZoneLeftV1.type]: async (event) => {
      await notifier.handle({ type: 'user.zone-left', event });
    },
  });
}
