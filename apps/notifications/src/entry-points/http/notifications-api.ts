import { requireServiceToken, type HttpApp } from '@homeport/http';
import type { PushAddresses } from '../../domain/addresses';
import type { DeliveryLogReader } from '../../domain/delivery-log';
import type { PhoneNumbers } from '../../domain/phone-number';
import type { Preferences } from '../../domain/preferences';
import { addressesRoutes } from './addresses.routes';
import { deliveriesRoutes } from './deliveries.routes';
import { phoneRoutes } from './phone.routes';
import { preferencesRoutes } from './preferences.routes';
import { webhooksRoutes } from './webhooks.routes';
import type { WebhookEndpoints } from '../../domain/webhook-endpoints';

/** What the internal API calls. */
export interface NotificationsApiDeps {
  /** NOTIFICATIONS_API_TOKEN: public-api's and operators' bearer token. */
  readonly token: string;
  readonly unsubscribeSecret: string;
  readonly preferences: Preferences;
  readonly addresses: PushAddresses;
  /** VAPID_PUBLIC_KEY, or null while Web Push is off. */
  readonly webPushPublicKey: string | null;
  readonly phones: PhoneNumbers;
  readonly deliveries: DeliveryLogReader;
  readonly webhooks: WebhookEndpoints;
}

/**
 * Registers the internal API (libs/contracts http/notifications-api.ts) in one scope that requires the
 * service token; /health, /ready and /metrics stay outside it.
 */
export async function registerNotificationsApi(app: HttpApp, deps: NotificationsApiDeps): Promise<void> {
  await app.register(async (scope) => {
    requireServiceToken(scope, deps.token);
    await scope.register(preferencesRoutes, {
      preferences: deps.preferences,
      unsubscribeSecret: deps.unsubscribeSecret,
    });
    await scope.register(addressesRoutes, {
      addresses: deps.addresses,
      webPushPublicKey: deps.webPushPublicKey,
    });
    await scope.register(phoneRoutes, { phones: deps.phones });
    await scope.register(deliveriesRoutes, { deliveries: deps.deliveries });
    await scope.register(webhooksRoutes, { webhooks: deps.webhooks });
  });
}
