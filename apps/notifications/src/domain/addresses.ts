import type {
  CreateMobileDeviceRequest,
  CreatePushSubscriptionRequest,
  NotificationChannel,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AddressBook, StoredMobileDevice, StoredPushSubscription } from './preference-ports';
import { checkPushEndpoint, type PushEndpointPolicy } from './push-endpoint-policy';

/** How many browsers and app installations one user may register. */
export const addressLimits = { pushSubscriptions: 10, mobileDevices: 10 } as const;

/** A user's browsers and app installations. */
export interface PushAddresses {
  listPushSubscriptions(userId: string): Promise<StoredPushSubscription[]>;
  addPushSubscription(
    userId: string,
    request: CreatePushSubscriptionRequest,
  ): Promise<StoredPushSubscription>;
  removePushSubscription(userId: string, id: string): Promise<void>;
  listMobileDevices(userId: string): Promise<StoredMobileDevice[]>;
  addMobileDevice(userId: string, request: CreateMobileDeviceRequest): Promise<StoredMobileDevice>;
  removeMobileDevice(userId: string, id: string): Promise<void>;
}

/** A channel this deployment has no provider for cannot be registered for. */
export function requireOffered(
  offered: ReadonlySet<NotificationChannel>,
  channel: NotificationChannel,
): void {
  if (!offered.has(channel)) {
    throw new AppError(
      'conflict',
      'CHANNEL_NOT_CONFIGURED',
      `${channel} is not configured on this deployment`,
    );
  }
}

const limitReached = (code: string, what: string, limit: number) =>
  new AppError('conflict', code, `at most ${limit} ${what} per user: remove one first`, {
    details: { limit },
  });

const notFound = (code: string, what: string) => new AppError('not_found', code, `no such ${what}`);

/** Registering push addresses: endpoints checked against the policy (SSRF), limits per user. */
export function createPushAddresses(deps: {
  readonly addresses: AddressBook;
  readonly offered: ReadonlySet<NotificationChannel>;
  readonly endpointPolicy: PushEndpointPolicy;
}): PushAddresses {
  const { addresses, offered } = deps;
  return {
    listPushSubscriptions: (userId) => addresses.listPushSubscriptions(userId),
    async addPushSubscription(userId, request) {
      requireOffered(offered, 'web-push');
      checkPushEndpoint(request.endpoint, deps.endpointPolicy);
      const limit = addressLimits.pushSubscriptions;
      const added = await addresses.addPushSubscription(
        userId,
        { endpoint: request.endpoint, keys: request.keys, label: request.label ?? null },
        limit,
      );
      if (added === undefined) throw limitReached('PUSH_SUBSCRIPTION_LIMIT', 'browsers', limit);
      return added;
    },
    async removePushSubscription(userId, id) {
      if (!(await addresses.removePushSubscription(userId, id))) {
        throw notFound('PUSH_SUBSCRIPTION_NOT_FOUND', 'push subscription');
      }
    },
    listMobileDevices: (userId) => addresses.listMobileDevices(userId),
    async addMobileDevice(userId, request) {
      requireOffered(offered, 'mobile-push');
      const limit = addressLimits.mobileDevices;
      const added = await addresses.addMobileDevice(
        userId,
        { platform: request.platform, token: request.token, label: request.label ?? null },
        limit,
      );
      if (added === undefined) throw limitReached('MOBILE_DEVICE_LIMIT', 'app installations', limit);
      return added;
    },
    async removeMobileDevice(userId, id) {
      if (!(await addresses.removeMobileDevice(userId, id))) {
        throw notFound('MOBILE_DEVICE_NOT_FOUND', 'mobile device');
      }
    },
  };
}
