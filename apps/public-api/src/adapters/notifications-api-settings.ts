import type {
  DeliveryLogPage,
  MobileDeviceList,
  MobileDeviceResponse,
  NotificationPreferences,
  PhoneNumberResponse,
  PushSubscriptionList,
  PushSubscriptionResponse,
  UnsubscribeResponse,
  WebPushKeyResponse,
} from '@homeport/contracts';
import type { Static } from 'typebox';
import type { NotificationSettings } from '../domain/notification-settings';
import type { InternalApiSend } from './internal-api-transport';

const userPath = (userId: string, rest = '') => `/users/${encodeURIComponent(userId)}${rest}`;
const itemPath = (userId: string, collection: string, id: string) =>
  userPath(userId, `/${collection}/${encodeURIComponent(id)}`);

/**
 * A user's notification settings through the notifications service's internal HTTP API
 * (libs/contracts/src/http/notifications-api.ts): the user's id is in every path, so notifications confines
 * each call to that user's rows.
 */
export function createNotificationsApiSettings(send: InternalApiSend): NotificationSettings {
  return {
    preferencesOf: (userId) => send<NotificationPreferences>('GET', userPath(userId, '/preferences')),
    replacePreferences: (userId, preferences) =>
      send<NotificationPreferences>('PUT', userPath(userId, '/preferences'), { body: preferences }),
    async listPushSubscriptions(userId) {
      const list = await send<Static<typeof PushSubscriptionList>>(
        'GET',
        userPath(userId, '/push-subscriptions'),
      );
      return list.items;
    },
    addPushSubscription: (userId, request) =>
      send<PushSubscriptionResponse>('POST', userPath(userId, '/push-subscriptions'), { body: request }),
    removePushSubscription: (userId, id) =>
      send<undefined>('DELETE', itemPath(userId, 'push-subscriptions', id)),
    async listMobileDevices(userId) {
      const list = await send<Static<typeof MobileDeviceList>>('GET', userPath(userId, '/mobile-devices'));
      return list.items;
    },
    addMobileDevice: (userId, request) =>
      send<MobileDeviceResponse>('POST', userPath(userId, '/mobile-devices'), { body: request }),
    removeMobileDevice: (userId, id) => send<undefined>('DELETE', itemPath(userId, 'mobile-devices', id)),
    phoneOf: (userId) => send<PhoneNumberResponse>('GET', userPath(userId, '/phone')),
    setPhone: (userId, request) =>
      send<PhoneNumberResponse>('PUT', userPath(userId, '/phone'), { body: request }),
    confirmPhone: (userId, request) =>
      send<PhoneNumberResponse>('POST', userPath(userId, '/phone/confirm'), { body: request }),
    removePhone: (userId) => send<undefined>('DELETE', userPath(userId, '/phone')),
    deliveriesOf: (userId, { channel, outcome, limit, before }) =>
      send<DeliveryLogPage>('GET', userPath(userId, '/deliveries'), {
        query: { channel, outcome, limit, before },
      }),
    webPushKey: () => send<WebPushKeyResponse>('GET', '/web-push/key'),
    unsubscribe: (token) => send<UnsubscribeResponse>('POST', '/unsubscribe', { body: { token } }),
  };
}
