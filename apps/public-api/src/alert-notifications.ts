import { notificationRequestedV1 } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import { createPgAlertAudience } from './adapters/pg-alert-audience';
import type { Pool } from './adapters/postgres';
import { createAlertNotifier } from './domain/alert-notifier';
import type { Clock } from './domain/clock';
import { consumeAlertNotifications } from './entry-points/alert-notifications.consumer';

/**
 * The alert notices: the alerts service's events turned into notification requests for the people of the
 * alert's home, who are public-api's (its homes and members), which is why this translation is here.
 */
export function consumeAlertNotices(deps: { pool: Pool; bus: MessageBus; clock: Clock }): Promise<Consumer> {
  const notifier = createAlertNotifier({
    audience: createPgAlertAudience(deps.pool),
    requestNotice: (notice) => deps.bus.publish(notificationRequestedV1, notice),
    clock: deps.clock,
  });
  return consumeAlertNotifications(deps.bus, notifier);
}
