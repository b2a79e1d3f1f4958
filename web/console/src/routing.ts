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
  | { readonly page: 'device'; readonly homeId: string; readonly deviceId: string }
  | { readonly page: 'vendor-devices'; readonly vendorId: string; readonly query: DeviceTableQuery };

/**
 * The route of a hash such as `#/homes/<id>/devices/<id>`, `#/homes/<id>/alerts`, `#/account` or
 * `#/vendors/<id>/devices?search=th` (a page's own parameters after `?`); anything else is the homes page.
 */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [homes, homeId, section, deviceId] = parts;
  if (homes === 'account') return { page: 'account' };
  if (homes === 'vendors' && homeId !== undefined && section === 'devices')
    return { page: 'vendor-devices', vendorId: homeId, query: parseTableQuery(new URLSearchParams(search)) };
  if (homes !== 'homes' || homeId === undefined) return { page: 'homes' };
  if (section === 'devices' && deviceId !== undefined) return { page: 'device', homeId, deviceId };
  if (section === 'alerts') return { page: 'alerts', homeId };
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
    case 'device':
      return `#/homes/${encodeURIComponent(route.homeId)}/devices/${encodeURIComponent(route.deviceId)}`;
    case 'vendor-devices': {
      const search = formatTableQuery(route.query);
      return `#/vendors/${encodeURIComponent(route.vendorId)}/devices${search === '' ? '' : `?${search}`}`;
    }
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
