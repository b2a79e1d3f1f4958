import { AppError } from '@homeport/errors';

/** Which Web Push endpoints the service will POST to (SSRF: never an address the caller picked). */
export interface PushEndpointPolicy {
  /** Host names, or `*.suffix` for any host under it. */
  readonly allowedHosts: readonly string[];
  /** Accept `http:` endpoints (local tests only). */
  readonly allowHttp: boolean;
}

/** The push services browsers use (Chrome and Edge via FCM, Firefox, Windows, Safari). */
export const knownPushServices = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.notify.windows.com',
  'web.push.apple.com',
];

const refuse = (message: string) =>
  new AppError('invalid', 'PUSH_ENDPOINT_NOT_ALLOWED', message, {
    details: { fields: [{ path: '/endpoint', message }] },
  });

function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
  );
}

/** The endpoint's origin when the policy allows it; AppError invalid PUSH_ENDPOINT_NOT_ALLOWED otherwise. */
export function checkPushEndpoint(endpoint: string, policy: PushEndpointPolicy): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refuse('is not a URL');
  }
  const schemeAllowed = url.protocol === 'https:' || (policy.allowHttp && url.protocol === 'http:');
  if (!schemeAllowed) throw refuse('must be an https URL');
  if (url.username !== '' || url.password !== '') throw refuse('must not carry credentials');
  if (!isAllowedHost(url.hostname.toLowerCase(), policy.allowedHosts)) {
    throw refuse(`${url.hostname} is not a known push service`);
  }
  return url.origin;
}
