import { notificationRequestedV1 } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import { createPgHomeDirectory } from './adapters/pg-home-directory';
import type { Pool } from './adapters/postgres';
import type { Clock } from './domain/clock';
import { createPresenceNotifier } from './domain/presence-notifier';
import { consumePresenceNotifications } from './entry-points/presence-notifications.consumer';

/**
 * The presence notices: geofencing's arrivals, departures and users' zone crossings turned into notification
 * requests; a home's members are public-api's, which is why this translation is here (as the alert notices').
 */
export function consumePresenceNotices(deps: {
  pool: Pool;
  bus: MessageBus;
  clock: Clock;
}): Promise<Consumer> {
  const notifier = createPresenceNotifier({
    homes: createPgHomeDirectory(deps.pool),
    requestNotice: (notice) => deps.bus.publish(notificationRequestedV1, notice),
    clock: deps.clock,
  });
  return consumePresenceNotifications(deps.bus, notifier);
}
