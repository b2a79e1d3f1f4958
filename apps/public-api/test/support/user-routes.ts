import { randomUUID } from 'node:crypto';
import type { RawRoute } from './send-raw';

/** What the requests of the routes for people name: a user's password, a home, one of its members, an invitation. */
export interface UserRouteIds {
  readonly password: string;
  readonly homeId: string;
  readonly memberId: string;
  readonly invitationId: string;
}

/** The routes of one home, with requests its owner could make. */
export function homeRoutes({ homeId, memberId }: UserRouteIds): RawRoute[] {
  return [
    { method: 'GET', path: `/v1/homes/${homeId}` },
    { method: 'GET', path: `/v1/homes/${homeId}/members` },
    { method: 'DELETE', path: `/v1/homes/${homeId}/members/${memberId}` },
    {
      method: 'POST',
      path: `/v1/homes/${homeId}/invitations`,
      body: { email: `${randomUUID()}@example.com`, role: 'owner' },
    },
  ];
}

/** Every route for people that needs an access token (account, session, homes, invitations), as isolation matrices send them. */
export function userRoutes(ids: UserRouteIds): RawRoute[] {
  return [
    { method: 'GET', path: '/v1/account' },
    {
      method: 'PUT',
      path: '/v1/account/password',
      body: { currentPassword: ids.password, newPassword: 'hijacked passphrase' },
    },
    { method: 'POST', path: '/v1/account/email-verification' },
    { method: 'DELETE', path: '/v1/account', body: { currentPassword: ids.password } },
    { method: 'DELETE', path: '/v1/sessions/current' },
    { method: 'POST', path: '/v1/homes', body: { name: 'Intruder', timeZone: 'UTC' } },
    { method: 'GET', path: '/v1/homes' },
    ...homeRoutes(ids),
    { method: 'GET', path: '/v1/invitations' },
    { method: 'POST', path: `/v1/invitations/${ids.invitationId}/accept` },
  ];
}

/** What the notification settings routes name: a push subscription and an app installation. */
export interface NotificationRouteIds {
  readonly pushSubscriptionId: string;
  readonly mobileDeviceId: string;
}

/** Every notification settings route of the caller, with requests their owner could make. */
export function notificationRoutes(ids: NotificationRouteIds): RawRoute[] {
  const base = '/v1/account/notifications';
  return [
    { method: 'GET', path: `${base}/preferences` },
    {
      method: 'PUT',
      path: `${base}/preferences`,
      body: { channels: { alert: [], presence: [], geofence: [] }, quietHours: null, digest: null },
    },
    { method: 'GET', path: `${base}/web-push-key` },
    { method: 'GET', path: `${base}/push-subscriptions` },
    {
      method: 'POST',
      path: `${base}/push-subscriptions`,
      body: { endpoint: 'https://push.example.com/send/x', keys: { p256dh: 'key', auth: 'auth' } },
    },
    { method: 'DELETE', path: `${base}/push-subscriptions/${ids.pushSubscriptionId}` },
    { method: 'GET', path: `${base}/mobile-devices` },
    { method: 'POST', path: `${base}/mobile-devices`, body: { platform: 'fcm', token: 'stolen-token' } },
    { method: 'DELETE', path: `${base}/mobile-devices/${ids.mobileDeviceId}` },
    { method: 'GET', path: `${base}/phone` },
    { method: 'PUT', path: `${base}/phone`, body: { phoneNumber: '+33612345678' } },
    { method: 'POST', path: `${base}/phone/confirm`, body: { code: '123456' } },
    { method: 'DELETE', path: `${base}/phone` },
    { method: 'GET', path: `${base}/deliveries` },
  ];
}
