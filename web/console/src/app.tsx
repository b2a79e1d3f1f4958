import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AccountPage } from './account/account-page';
import { AlertsPage } from './alerts/alerts-page';
import { MakerRulesPage } from './alerts/maker-rules-page';
import { ApiKeysPage } from './api-keys/api-keys-page';
import { HomeAuditPage, VendorAuditPage } from './audit/audit-pages';
import { AutomationsPage } from './automations/automations-page';
import { createConsoleApi, takeData } from './api/console-api';
import { DevicePage } from './devices/device-page';
import { InvitationPage } from './email-links/invitation-page';
import { ResetPasswordPage } from './email-links/reset-password-page';
import { VerifyEmailPage } from './email-links/verify-email-page';
import { FleetPage } from './fleet/fleet-page';
import { FunnelPage } from './funnel/funnel-page';
import { HomeDevicesPage } from './devices/home-devices-page';
import { HomesPage } from './homes/homes-page';
import { Layout } from './layout/layout';
import { useLoaded } from './layout/use-loaded';
import { JoinOperatorsPage } from './operations/join-operators-page';
import { OperationsPage } from './operations/operations-page';
import { OperatorAccessContext } from './operations/operator-access';
import { ProductsPage } from './products/products-page';
import { ProvisionPage } from './provisioning/provision-page';
import { ReportsPage } from './reports/reports-page';
import { useRoute, type Route } from './routing';
import { VendorDevicesPage } from './vendor-devices/vendor-devices-page';
import { WebhooksPage } from './webhooks/webhooks-page';
import {
  readStoredSession,
  refreshDelayMs,
  sessionFromTokens,
  storeSession,
  type Session,
} from './session/session';
import { SignedInContext, useSignedIn, type SignedIn } from './session/session-context';
import { SignInPage } from './session/sign-in-page';
import { JoinVendorPage } from './vendors/join-vendor-page';
import { ZonePage } from './zones/zone-page';
import { VendorMembershipsContext } from './vendors/vendor-memberships';

/** The pages of the signed-in frame (the emails' token links are pages of their own, signed in or not). */
type SignedInRoute = Exclude<Route, { page: 'verify-email' | 'reset-password' }>;

function RoutedPage({ route }: { readonly route: SignedInRoute }) {
  switch (route.page) {
    case 'homes':
      return <HomesPage />;
    case 'account':
      return <AccountPage />;
    case 'home':
      return <HomeDevicesPage homeId={route.homeId} />;
    case 'device':
      return <DevicePage homeId={route.homeId} deviceId={route.deviceId} />;
    case 'alerts':
      return <AlertsPage homeId={route.homeId} />;
    case 'zone':
      return <ZonePage homeId={route.homeId} />;
    case 'automations':
      return <AutomationsPage homeId={route.homeId} />;
    case 'vendor-devices':
      return <VendorDevicesPage vendorId={route.vendorId} query={route.query} />;
    case 'join-vendor':
      return <JoinVendorPage vendorId={route.vendorId} code={route.code} />;
    case 'fleet':
      return <FleetPage vendorId={route.vendorId} />;
    case 'reports':
      return <ReportsPage vendorId={route.vendorId} />;
    case 'api-keys':
      return <ApiKeysPage vendorId={route.vendorId} />;
    case 'webhooks':
      return <WebhooksPage vendorId={route.vendorId} />;
    case 'vendor-audit':
      return <VendorAuditPage vendorId={route.vendorId} />;
    case 'home-audit':
      return <HomeAuditPage homeId={route.homeId} />;
    case 'operations':
      return <OperationsPage />;
    case 'join-operators':
      return <JoinOperatorsPage code={route.code} />;
    case 'invitation':
      return <InvitationPage invitationId={route.invitationId} />;
    case 'products':
      return <ProductsPage vendorId={route.vendorId} />;
    case 'provision':
      return <ProvisionPage vendorId={route.vendorId} />;
    case 'maker-rules':
      return <MakerRulesPage vendorId={route.vendorId} />;
    case 'funnel':
      return <FunnelPage vendorId={route.vendorId} />;
  }
}

/**
 * The signed-in pages, with the vendors the person works for and whether they are an operator (the navigation
 * shows them).
 */
function SignedInPages({ route }: { readonly route: SignedInRoute }) {
  const { api } = useSignedIn();
  const vendors = useLoaded(
    'vendors',
    async () => takeData(await api.GET('/v1/vendors'), 'Reload the page to try again.').items,
  );
  const memberships = useMemo(() => ({ state: vendors.state, reload: vendors.reload }), [vendors.state]);
  const operator = useLoaded(
    'operator-access',
    async () => takeData(await api.GET('/v1/operations/access'), 'Reload the page to try again.').operator,
  );
  const operatorAccess = useMemo(
    () => ({ state: operator.state, reload: operator.reload }),
    [operator.state],
  );
  return (
    <VendorMembershipsContext.Provider value={memberships}>
      <OperatorAccessContext.Provider value={operatorAccess}>
        <Layout route={route}>
          <RoutedPage route={route} />
        </Layout>
      </OperatorAccessContext.Provider>
    </VendorMembershipsContext.Provider>
  );
}

/** The console: the sign-in page until someone is signed in, then the page of the URL's hash. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(readStoredSession);
  const [notice, setNotice] = useState<string>();
  const sessionRef = useRef(session);
  const route = useRoute();

  const changeSession = (next: Session | undefined, message?: string) => {
    sessionRef.current = next;
    storeSession(next);
    setSession(next);
    setNotice(message);
  };
  const api = useMemo(
    () =>
      createConsoleApi({
        readAccessToken: () => sessionRef.current?.accessToken,
        onSessionEnded: () => {
          changeSession(undefined, 'Your session ended: log in again.');
        },
      }),
    [],
  );

  // Access tokens live minutes: the refresh token gets a new pair shortly before this one expires.
  useEffect(() => {
    if (session === undefined) return;
    const timer = setTimeout(() => {
      void api.POST('/v1/sessions/refresh', { body: { refreshToken: session.refreshToken } }).then(
        ({ data }) => {
          if (data === undefined) changeSession(undefined, 'Your session ended: log in again.');
          else changeSession(sessionFromTokens(data));
        },
        () => {
          changeSession(undefined, 'The server could not be reached to keep you signed in: log in again.');
        },
      );
    }, refreshDelayMs(session));
    return () => {
      clearTimeout(timer);
    };
  }, [session, api]);

  const signedIn = useMemo<SignedIn>(
    () => ({
      api,
      async signOut() {
        await api.DELETE('/v1/sessions/current').catch(() => undefined);
        changeSession(undefined, 'You are logged out.');
        window.location.hash = '#/';
      },
      forgetSession(notice) {
        changeSession(undefined, notice);
        window.location.hash = '#/';
      },
    }),
    [api],
  );

  // The emails' token links work signed in or not: the token is the proof.
  if (route.page === 'verify-email') return <VerifyEmailPage api={api} routeToken={route.token} />;
  if (route.page === 'reset-password') {
    const onPasswordChanged = () => {
      changeSession(undefined, 'Your password is changed: log in with it.');
      window.location.hash = '#/';
    };
    return <ResetPasswordPage api={api} routeToken={route.token} onPasswordChanged={onPasswordChanged} />;
  }
  if (session === undefined) {
    return (
      <SignInPage
        api={api}
        notice={
          notice ??
          (route.page === 'invitation'
            ? 'Log in, or create an account, with the address the invitation went to: then you can accept it.'
            : undefined)
        }
        onSignedIn={(next) => {
          changeSession(next);
        }}
      />
    );
  }
  return (
    <SignedInContext.Provider value={signedIn}>
      <SignedInPages route={route} />
    </SignedInContext.Provider>
  );
}
