import { useEffect, useState } from 'preact/hooks';
import {
  formatTableQuery,
  parseTableQuery,
  type DeviceTableQuery,
} from './vendor-devices/device-table-query';

/** The console's pages, addressed by the URL's hash (public-api serves one index.html at `/`). */
export type Route =
  | { readonly page: 'homes' }
  | { readonly page: 'account' }
  | { readonly page: 'home'; readonly homeId: string }
  | { readonly page: 'alerts'; readonly homeId: string }
  | { readonly page: 'zone'; readonly homeId: string }
  | { readonly page: 'automations'; readonly homeId: string }
  | { readonly page: 'device'; readonly homeId: string; readonly deviceId: string }
  | { readonly page: 'join-vendor'; readonly vendorId: string; readonly code: string }
  | { readonly page: 'fleet'; readonly vendorId: string }
  | { readonly page: 'reports'; readonly vendorId: string }
  | { readonly page: 'api-keys'; readonly vendorId: string }
  | { readonly page: 'webhooks'; readonly vendorId: string }
  | { readonly page: 'vendor-audit'; readonly vendorId: string }
  | { readonly page: 'home-audit'; readonly homeId: string }
  | { readonly page: 'products'; readonly vendorId: string }
  | { readonly page: 'provision'; readonly vendorId: string }
  | { readonly page: 'maker-rules'; readonly vendorId: string }
  | { readonly page: 'funnel'; readonly vendorId: string }
  | { readonly page: 'vendor-devices'; readonly vendorId: string; readonly query: DeviceTableQuery }
  | { readonly page: 'operations' }
  | { readonly page: 'join-operators'; readonly code: string }
  | EmailLinkRoute;

/** The pages emails link to (libs/contracts' buildConsoleLink); a token is '' once the page dropped it. */
export type EmailLinkRoute =
  | { readonly page: 'verify-email'; readonly token: string }
  | { readonly page: 'reset-password'; readonly token: string }
  | { readonly page: 'invitation'; readonly invitationId: string };

/** An email's link: `#/verify-email?token=…`, `#/reset-password?token=…`, `#/invitations/<id>`. */
function parseEmailLinkRoute(
  [first, id]: readonly (string | undefined)[],
  search: string,
): Route | undefined {
  if (first === 'verify-email' || first === 'reset-password')
    return { page: first, token: new URLSearchParams(search).get('token') ?? '' };
  if (first === 'invitations' && id !== undefined) return { page: 'invitation', invitationId: id };
  return undefined;
}

/**
 * A vendor's page (`#/vendors/<id>[/reports|/products|/provision|/api-keys|/webhooks|/audit|/alert-rules|/funnel|
 * /devices?search=th]`), or the join link of the demo vendor (`#/join/<id>/<code>`).
 */
function parseVendorRoute(
  [first, vendorId, section]: readonly (string | undefined)[],
  search: string,
): Route | undefined {
  if (vendorId === undefined) return undefined;
  if (first === 'join' && section !== undefined) return { page: 'join-vendor', vendorId, code: section };
  if (first !== 'vendors') return undefined;
  if (section === undefined) return { page: 'fleet', vendorId };
  if (section === 'reports') return { page: 'reports', vendorId };
  if (section === 'api-keys') return { page: 'api-keys', vendorId };
  if (section === 'webhooks') return { page: 'webhooks', vendorId };
  if (section === 'audit') return { page: 'vendor-audit', vendorId };
  if (section === 'products') return { page: 'products', vendorId };
  if (section === 'provision') return { page: 'provision', vendorId };
  if (section === 'alert-rules') return { page: 'maker-rules', vendorId };
  if (section === 'funnel') return { page: 'funnel', vendorId };
  if (section === 'devices')
    return { page: 'vendor-devices', vendorId, query: parseTableQuery(new URLSearchParams(search)) };
  return undefined;
}

/**
 * The route of a hash such as `#/homes/<id>/devices/<id>`, `#/homes/<id>/alerts`, `#/vendors/<id>/reports`,
 * `#/account`, `#/operations`, `#/join-operators/<code>` or `#/vendors/<id>/devices?search=th` (a page's own
 * parameters after `?`); anything else is the homes page.
 */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [homes, homeId, section, deviceId] = parts;
  const linkedRoute = parseVendorRoute(parts, search) ?? parseEmailLinkRoute(parts, search);
  if (linkedRoute !== undefined) return linkedRoute;
  if (homes === 'account') return { page: 'account' };
  if (homes === 'operations') return { page: 'operations' };
  if (homes === 'join-operators' && homeId !== undefined) return { page: 'join-operators', code: homeId };
  if (homes !== 'homes' || homeId === undefined) return { page: 'homes' };
  if (section === 'devices' && deviceId !== undefined) return { page: 'device', homeId, deviceId };
  if (section === 'alerts') return { page: 'alerts', homeId };
  if (section === 'audit') return { page: 'home-audit', homeId };
  if (section === 'zone' || section === 'automations') return { page: section, homeId };
  return { page: 'home', homeId };
}

/** The hash of a route (for links). */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'homes':
      return '#/';
    case 'account':
      return '#/account';
    case 'home':
      return `#/homes/${encodeURIComponent(route.homeId)}`;
    case 'alerts':
      return `#/homes/${encodeURIComponent(route.homeId)}/alerts`;
    case 'zone':
    case 'automations':
      return `#/homes/${encodeURIComponent(route.homeId)}/${route.page}`;
    case 'device':
      return `#/homes/${encodeURIComponent(route.homeId)}/devices/${encodeURIComponent(route.deviceId)}`;
    case 'vendor-devices': {
      const search = formatTableQuery(route.query);
      return `#/vendors/${encodeURIComponent(route.vendorId)}/devices${search === '' ? '' : `?${search}`}`;
    }
    case 'join-vendor':
      return `#/join/${encodeURIComponent(route.vendorId)}/${encodeURIComponent(route.code)}`;
    case 'fleet':
      return `#/vendors/${encodeURIComponent(route.vendorId)}`;
    case 'reports':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/reports`;
    case 'api-keys':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/api-keys`;
    case 'webhooks':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/webhooks`;
    case 'vendor-audit':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/audit`;
    case 'home-audit':
      return `#/homes/${encodeURIComponent(route.homeId)}/audit`;
    case 'operations':
      return '#/operations';
    case 'join-operators':
      return `#/join-operators/${encodeURIComponent(route.code)}`;
    case 'verify-email':
    case 'reset-password':
      return route.token === ''
        ? `#/${route.page}`
        : `#/${route.page}?${new URLSearchParams({ token: route.token }).toString()}`;
    case 'invitation':
      return `#/invitations/${encodeURIComponent(route.invitationId)}`;
    case 'products':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/products`;
    case 'provision':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/provision`;
    case 'maker-rules':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/alert-rules`;
    case 'funnel':
      return `#/vendors/${encodeURIComponent(route.vendorId)}/funnel`;
  }
}

/** The current route, following the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => {
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
    };
  }, []);
  return route;
}
