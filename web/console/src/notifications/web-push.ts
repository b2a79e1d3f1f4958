import type { PublicApiClient } from '@homeport/api-client';
import { describeProblem } from '../api/console-api';

/** The console's service worker (public/service-worker.js, served by public-api beside the page: same origin). */
const serviceWorkerUrl = '/service-worker.js';
/** Which of the listed subscriptions is this browser's (public-api never answers endpoints back). */
const subscriptionIdKey = 'homeport.pushSubscriptionId';

/** Whether this browser can take Web Push at all (a service worker and the Push API). */
export function isWebPushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The id of this browser's subscription, as registered here; undefined if this browser has none. */
export function readThisBrowserSubscriptionId(): string | undefined {
  return localStorage.getItem(subscriptionIdKey) ?? undefined;
}

/** The bytes of a base64url string (a VAPID key, RFC 8292 §3.2). */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** A short name for the list: the browser and its system, from what the browser says of itself. */
function describeThisBrowser(): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(agent)
        ? 'Chromium'
        : /Safari\//.test(agent)
          ? 'Safari'
          : 'A browser';
  const system = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Mac OS/.test(agent)
        ? 'macOS'
        : /Windows/.test(agent)
          ? 'Windows'
          : /Linux/.test(agent)
            ? 'Linux'
            : 'a computer';
  return `${browser} on ${system}`;
}

/**
 * Turns Web Push on for this browser: the platform's VAPID key, the person's permission, the service worker,
 * `PushManager.subscribe`, and the subscription registered with public-api. Answers a problem sentence, or
 * undefined once registered.
 */
export async function subscribeThisBrowser(api: PublicApiClient): Promise<string | undefined> {
  if (!isWebPushSupported()) {
    return 'This browser cannot receive push notifications: use email, or a browser such as Firefox or Chrome.';
  }
  const key = await api.GET('/v1/account/notifications/web-push-key');
  if (key.data === undefined) return describeProblem(key.error, 'Try again in a minute.');
  if (key.data.publicKey === null) {
    return 'Browser notifications are not set up on this platform (its operator has not set VAPID keys): email still reaches you.';
  }
  if ((await Notification.requestPermission()) !== 'granted') {
    return "Notifications are blocked for this site: allow them in the browser's site settings, then try again.";
  }
  const registration = await navigator.serviceWorker.register(serviceWorkerUrl);
  await navigator.serviceWorker.ready;
  let subscription: PushSubscription;
  try {
    subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: decodeBase64Url(key.data.publicKey),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `This browser could not subscribe with its push service (${reason}): check that notifications are allowed for this site and that you are online, then try again.`;
  }
  const { endpoint, keys } = subscription.toJSON();
  const answer = await api.POST('/v1/account/notifications/push-subscriptions', {
    body: {
      endpoint: endpoint ?? '',
      keys: { p256dh: keys?.['p256dh'] ?? '', auth: keys?.['auth'] ?? '' },
      label: describeThisBrowser(),
    },
  });
  if (answer.data === undefined) {
    await subscription.unsubscribe();
    return describeProblem(answer.error, 'Remove a browser you no longer use, then try again.');
  }
  localStorage.setItem(subscriptionIdKey, answer.data.id);
  return undefined;
}

/** Removes a subscription; this browser's is also unsubscribed from its push service. */
export async function removeSubscription(api: PublicApiClient, id: string): Promise<string | undefined> {
  const answer = await api
    .DELETE('/v1/account/notifications/push-subscriptions/{id}', { params: { path: { id } } })
    .catch((error: unknown) => ({ error, response: undefined }));
  if (answer.response?.ok !== true)
    return describeProblem(answer.error, 'It still receives notifications: try again.');
  if (id === readThisBrowserSubscriptionId()) {
    localStorage.removeItem(subscriptionIdKey);
    const registration = await navigator.serviceWorker.getRegistration(serviceWorkerUrl);
    await (await registration?.pushManager.getSubscription())?.unsubscribe();
  }
  return undefined;
}
