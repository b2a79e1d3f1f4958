/**
 * The web console's pages that emails link to. The console routes by the URL's hash, so every link is
 * `<console>/#/<page>[?token=…]`: a fragment is never sent to a server (no token in public-api's or a proxy's
 * access log) nor in a Referer header, and public-api needs no fallback route that could shadow its 404s.
 * notifications builds the links with this function; the console's router reads them (its test checks both).
 */
export type ConsoleLink =
  | { readonly page: 'verify-email'; readonly token: string }
  | { readonly page: 'reset-password'; readonly token: string }
  | { readonly page: 'invitation'; readonly invitationId: string };

/** The link to a console page, `consoleUrl` being where the console is served (WEB_APP_URL). */
export function buildConsoleLink(consoleUrl: string, link: ConsoleLink): string {
  const base = new URL(consoleUrl);
  base.hash = '';
  const fragment =
    link.page === 'invitation'
      ? `/invitations/${encodeURIComponent(link.invitationId)}`
      : `/${link.page}?${new URLSearchParams({ token: link.token }).toString()}`;
  return `${base.toString()}#${fragment}`;
}
