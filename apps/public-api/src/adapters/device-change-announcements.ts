import type { InternalApiSend, InternalApiTransport } from './internal-api-transport';

const claimsPath = '/devices/claims';

/** The device a call to broker-api's `path` is about (`/devices/<id>` and below), if any. */
function deviceIdOf(path: string): string | undefined {
  const match = /^\/devices\/([^/?]+)/.exec(path);
  const segment = match?.[1];
  return segment === undefined || path.startsWith(claimsPath) ? undefined : decodeURIComponent(segment);
}

/**
 * broker-api's transport announcing every change public-api makes to a device: a call other than a read
 * on a device's path (rename, desired state, release, transfer, deletion, credentials, commands), and a
 * claim (the device is in its answer). Announced after the call whatever its outcome, since a call that
 * failed on the way back may have changed the device; one place, so that no route can forget it.
 */
export function announceDeviceChanges(
  transport: InternalApiTransport,
  deviceChanged: (deviceId: string) => Promise<void>,
): InternalApiTransport {
  const send: InternalApiSend = async <T>(...[method, path, options]: Parameters<InternalApiSend>) => {
    if (method === 'GET') return transport<T>(method, path, options);
    const deviceId = deviceIdOf(path);
    if (deviceId !== undefined) {
      try {
        return await transport<T>(method, path, options);
      } finally {
        await deviceChanged(deviceId);
      }
    }
    const answer = await transport<T>(method, path, options);
    if (path === claimsPath) await deviceChanged((answer as { id: string }).id);
    return answer;
  };
  return Object.assign(send, { close: () => transport.close() });
}
