import { useLayoutEffect, useState } from 'preact/hooks';
import { routeHref } from '../routing';

/**
 * The token of an email's link, kept by the page; the address bar and the history entry lose it at once
 * (`history.replaceState`), so it is not left in the history, a bookmark or a screen share. Being in the hash,
 * it never reached a server nor a Referer header in the first place. A layout effect: it runs in the same task as
 * the first render, before anything is painted (a plain effect waits for a frame, which a busy browser delays).
 */
export function useLinkToken(page: 'verify-email' | 'reset-password', routeToken: string): string {
  const [token] = useState(routeToken);
  useLayoutEffect(() => {
    if (routeToken === '') return;
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}${routeHref({ page, token: '' })}`);
  }, [page, routeToken]);
  return token;
}
