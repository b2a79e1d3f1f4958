import {
  CreateMobileDeviceRequest,
  CreatePushSubscriptionRequest,
  MobileDeviceList,
  MobileDeviceResponse,
  NotificationAddressIdParams,
  NotificationPreferences,
  PushSubscriptionList,
  PushSubscriptionResponse,
  WebPushKeyResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type, type TSchema } from 'typebox';
import type { NotificationSettingsService } from '../../domain/notification-settings-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

/** The tag and security of every notification settings route. */
export const notificationsTag = { tags: ['notifications'], ...authenticated };
const settingsPath = '/account/notifications';

/**
 * The caller's notification preferences and the addresses push reaches them at (their browsers' Web Push
 * subscriptions, their app installations), kept by the notifications service. Unavailable: 503
 * NOTIFICATIONS_UNAVAILABLE.
 */
export const notificationSettingsRoutes: HttpRoutes<{ notifications: NotificationSettingsService }> = (
  app,
  { notifications },
) => {
  app.get(
    `${settingsPath}/preferences`,
    {
      ...forUsers('notifications:read'),
      schema: {
        ...notificationsTag,
        description: 'Which channels each category goes to, quiet hours and the digest.',
        response: { 200: NotificationPreferences, ...errorResponses(401, 403, 503) },
      },
    },
    (request) => notifications.preferences(userCallerOf(request)),
  );
  app.put(
    `${settingsPath}/preferences`,
    {
      ...forUsers('notifications:write'),
      schema: {
        ...notificationsTag,
        description:
          'Replaces the preferences. Quiet hours are in the time zone of the account; critical alerts pass ' +
          'through them. Audited.',
        body: NotificationPreferences,
        response: { 200: NotificationPreferences, ...errorResponses(400, 401, 403, 503) },
      },
    },
    (request) => notifications.replacePreferences(userCallerOf(request), request.body),
  );
  app.get(
    `${settingsPath}/web-push-key`,
    {
      ...forUsers('notifications:read'),
      schema: {
        ...notificationsTag,
        description:
          "The VAPID public key (RFC 8292) for `PushManager.subscribe`'s applicationServerKey; null while Web " +
          'Push is off on this platform.',
        response: { 200: WebPushKeyResponse, ...errorResponses(401, 403, 503) },
      },
    },
    () => notifications.webPushKey(),
  );
  registerAddressRoutes<CreatePushSubscriptionRequest, PushSubscriptionResponse>(app, {
    collection: 'push-subscriptions',
    what: "a browser's Web Push subscription (its PushSubscription JSON; the keys are never answered)",
    create: CreatePushSubscriptionRequest,
    item: PushSubscriptionResponse,
    list: PushSubscriptionList,
    listOf: (caller) => notifications.pushSubscriptions(caller),
    add: (caller, body) => notifications.addPushSubscription(caller, body),
    remove: (caller, id) => notifications.removePushSubscription(caller, id),
  });
  registerAddressRoutes<CreateMobileDeviceRequest, MobileDeviceResponse>(app, {
    collection: 'mobile-devices',
    what: 'an installation of the mobile app and its FCM or APNs token (never answered)',
    create: CreateMobileDeviceRequest,
    item: MobileDeviceResponse,
    list: MobileDeviceList,
    listOf: (caller) => notifications.mobileDevices(caller),
    add: (caller, body) => notifications.addMobileDevice(caller, body),
    remove: (caller, id) => notifications.removeMobileDevice(caller, id),
  });
  return Promise.resolve();
};

type Caller = ReturnType<typeof userCallerOf>;
type RoutesApp = Parameters<HttpRoutes>[0];

/** One kind of address push reaches the caller at: list, register, remove. */
interface AddressRoutes<Body, Item> {
  readonly collection: string;
  readonly what: string;
  /** The schemas of Body, Item and the list of Items (TSchema: a generic schema leaves fastify's types unresolved). */
  readonly create: TSchema;
  readonly item: TSchema;
  readonly list: TSchema;
  listOf(caller: Caller): Promise<Item[]>;
  add(caller: Caller, body: Body): Promise<Item>;
  remove(caller: Caller, id: string): Promise<void>;
}

function registerAddressRoutes<Body, Item>(app: RoutesApp, routes: AddressRoutes<Body, Item>): void {
  const path = `${settingsPath}/${routes.collection}`;
  app.get(
    path,
    {
      ...forUsers('notifications:read'),
      schema: { ...notificationsTag, response: { 200: routes.list, ...errorResponses(401, 403, 503) } },
    },
    async (request) => ({ items: await routes.listOf(userCallerOf(request)) }),
  );
  app.post(
    path,
    {
      ...forUsers('notifications:write'),
      schema: {
        ...notificationsTag,
        description: `Registers ${routes.what}. Audited.`,
        body: routes.create,
        response: { 201: routes.item, ...errorResponses(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      const added = await routes.add(userCallerOf(request), request.body as Body);
      return reply.code(201).send(added);
    },
  );
  app.delete(
    `${path}/:id`,
    {
      ...forUsers('notifications:write'),
      schema: {
        ...notificationsTag,
        description: 'Removes it: nothing more is pushed there. Audited.',
        params: NotificationAddressIdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await routes.remove(userCallerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
