import { useEffect, useState } from 'preact/hooks';
import { routeHref } from '../routing';

/**
 * The token of an email's link, kept by the page; the address bar and the history entry lose it at once
 * (`history.replaceState`), so it is not left in the history, a bookmark or a screen share. Being in the hash,
 * it never reached a server nor a Referer header in the first place.
 */
export function useLinkToken(page: 'verify-email' | 'reset-password', routeToken: string): string {
  const [token] = useState(routeToken);
  useEffect(() => {
    if (routeToken === '') return;
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}${routeHref({ page, token: '' })}`);
  }, [page, routeToken]);
  return token;
}
