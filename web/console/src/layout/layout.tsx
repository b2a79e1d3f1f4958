import type { ComponentChildren } from 'preact';
import { routeHref, type Route } from '../routing';
import { useSignedIn } from '../session/session-context';
import { isOperator, useOperatorAccess } from '../operations/operator-access';
import { useVendorMemberships } from '../vendors/vendor-memberships';

/** A vendor's pages in the navigation, the current one marked. */
function VendorNav({ vendorId, route }: { readonly vendorId: string; readonly route: Route }) {
  const onVendor = 'vendorId' in route && route.vendorId === vendorId;
  const links = [
    { page: 'fleet', label: 'Fleet', href: routeHref({ page: 'fleet', vendorId }) },
    {
      page: 'vendor-devices',
      label: 'Devices',
      href: routeHref({ page: 'vendor-devices', vendorId, query: {} }),
    },
    { page: 'reports', label: 'Reports', href: routeHref({ page: 'reports', vendorId }) },
    { page: 'funnel', label: 'Funnel', href: routeHref({ page: 'funnel', vendorId }) },
    { page: 'maker-rules', label: 'Alert rules', href: routeHref({ page: 'maker-rules', vendorId }) },
    { page: 'api-keys', label: 'API keys', href: routeHref({ page: 'api-keys', vendorId }) },
    { page: 'webhooks', label: 'Webhooks', href: routeHref({ page: 'webhooks', vendorId }) },
    { page: 'vendor-audit', label: 'Audit log', href: routeHref({ page: 'vendor-audit', vendorId }) },
    { page: 'products', label: 'Products', href: routeHref({ page: 'products', vendorId }) },
    { page: 'provision', label: 'Provision', href: routeHref({ page: 'provision', vendorId }) },
  ];
  return (
    <nav aria-label={`Vendor ${vendorId}`} class="vendor-nav">
      <span class="muted">Maker · {vendorId}</span>
      {links.map((link) => (
        <a
          key={link.page}
          href={link.href}
          aria-current={onVendor && route.page === link.page ? 'page' : undefined}
        >
          {link.label}
        </a>
      ))}
    </nav>
  );
}

/**
 * The frame of every signed-in page: a skip link, the header (home link, Operations for the platform's
 * operators, account, log out), the pages of each
 * vendor the person works for, and the page.
 */
export function Layout({ route, children }: { readonly route: Route; readonly children: ComponentChildren }) {
  const { signOut } = useSignedIn();
  const { state: vendors } = useVendorMemberships();
  const operator = isOperator(useOperatorAccess());
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <a href="#/" class="brand">
          Homeport
        </a>
        <nav aria-label="Account">
          {operator && (
            <a href="#/operations" aria-current={route.page === 'operations' ? 'page' : undefined}>
              Operations
            </a>
          )}
          <a href="#/account">Account</a>
          <button type="button" onClick={() => void signOut()}>
            Log out
          </button>
        </nav>
      </header>
      {vendors.status === 'loaded' &&
        vendors.value.map((vendor) => (
          <VendorNav key={vendor.vendorId} vendorId={vendor.vendorId} route={route} />
        ))}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
