import {
  CreateMobileDeviceRequest,
  CreatePushSubscriptionRequest,
  MobileDeviceList,
  MobileDeviceResponse,
  NotificationAddressParams,
  NotificationUserParams,
  PushSubscriptionList,
  PushSubscriptionResponse,
  WebPushKeyResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { PushAddresses } from '../../domain/addresses';
import type { StoredMobileDevice, StoredPushSubscription } from '../../domain/preference-ports';
import { errorResponses } from './error-responses';

const toSubscription = (stored: StoredPushSubscription): PushSubscriptionResponse => ({
  id: stored.id,
  endpointOrigin: new URL(stored.endpoint).origin,
  label: stored.label,
  createdAt: stored.createdAt.toISOString(),
});

const toDevice = (stored: StoredMobileDevice): MobileDeviceResponse => ({
  id: stored.id,
  platform: stored.platform,
  label: stored.label,
  createdAt: stored.createdAt.toISOString(),
});

/**
 * A user's browsers (Web Push subscriptions) and app installations (FCM / APNs tokens); the VAPID public key
 * browsers subscribe with (`webPushPublicKey`, null while Web Push is off).
 */
export const addressesRoutes: HttpRoutes<{ addresses: PushAddresses; webPushPublicKey: string | null }> = (
  app,
  { addresses, webPushPublicKey },
) => {
  const tags = ['addresses'];
  const user = NotificationUserParams;
  const one = NotificationAddressParams;
  app.get(
    '/web-push/key',
    { schema: { tags, response: { 200: WebPushKeyResponse } } },
    (): WebPushKeyResponse => ({ publicKey: webPushPublicKey }),
  );
  app.get(
    '/users/:userId/push-subscriptions',
    { schema: { tags, params: user, response: { 200: PushSubscriptionList, ...errorResponses(400) } } },
    async (request) => ({
      items: (await addresses.listPushSubscriptions(request.params.userId)).map(toSubscription),
    }),
  );
  app.post(
    '/users/:userId/push-subscriptions',
    {
      schema: {
        tags,
        description: 'The endpoint must be https on a known push service; 409 past 10 per user.',
        params: user,
        body: CreatePushSubscriptionRequest,
        response: { 201: PushSubscriptionResponse, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const added = await addresses.addPushSubscription(request.params.userId, request.body);
      return reply.code(201).send(toSubscription(added));
    },
  );
  app.delete(
    '/users/:userId/push-subscriptions/:id',
    { schema: { tags, params: one, response: { 204: Type.Null(), ...errorResponses(400, 404) } } },
    async (request, reply) => {
      await addresses.removePushSubscription(request.params.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/users/:userId/mobile-devices',
    { schema: { tags, params: user, response: { 200: MobileDeviceList, ...errorResponses(400) } } },
    async (request) => ({
      items: (await addresses.listMobileDevices(request.params.userId)).map(toDevice),
    }),
  );
  app.post(
    '/users/:userId/mobile-devices',
    {
      schema: {
        tags,
        description: '409 past 10 per user.',
        params: user,
        body: CreateMobileDeviceRequest,
        response: { 201: MobileDeviceResponse, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const added = await addresses.addMobileDevice(request.params.userId, request.body);
      return reply.code(201).send(toDevice(added));
    },
  );
  app.delete(
    '/users/:userId/mobile-devices/:id',
    { schema: { tags, params: one, response: { 204: Type.Null(), ...errorResponses(400, 404) } } },
    async (request, reply) => {
      await addresses.removeMobileDevice(request.params.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
