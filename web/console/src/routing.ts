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
  | { readonly page: 'vendor-devices'; readonly vendorId: string; readonly query: DeviceTableQuery };

/**
 * A vendor's page (`#/vendors/<id>[/reports|/devices?search=th]`), or the join link of the demo vendor
 * (`#/join/<id>/<code>`).
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
  if (section === 'devices')
    return { page: 'vendor-devices', vendorId, query: parseTableQuery(new URLSearchParams(search)) };
  return undefined;
}

/**
 * The route of a hash such as `#/homes/<id>/devices/<id>`, `#/homes/<id>/alerts`, `#/vendors/<id>/reports`,
 * `#/account` or `#/vendors/<id>/devices?search=th` (a page's own parameters after `?`); anything else is the
 * homes page.
 */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [homes, homeId, section, deviceId] = parts;
  const vendorRoute = parseVendorRoute(parts, search);
  if (vendorRoute !== undefined) return vendorRoute;
  if (homes === 'account') return { page: 'account' };
  if (homes !== 'homes' || homeId === undefined) return { page: 'homes' };
  if (section === 'devices' && deviceId !== undefined) return { page: 'device', homeId, deviceId };
  if (section === 'alerts') return { page: 'alerts', homeId };
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
