import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AccountPage } from './account/account-page';
import { AlertsPage } from './alerts/alerts-page';
import { AutomationsPage } from './automations/automations-page';
import { createConsoleApi, takeData } from './api/console-api';
import { DevicePage } from './devices/device-page';
import { FleetPage } from './fleet/fleet-page';
import { HomeDevicesPage } from './devices/home-devices-page';
import { HomesPage } from './homes/homes-page';
import { Layout } from './layout/layout';
import { useLoaded } from './layout/use-loaded';
import { ReportsPage } from './reports/reports-page';
import { useRoute, type Route } from './routing';
import { VendorDevicesPage } from './vendor-devices/vendor-devices-page';
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

function RoutedPage({ route }: { readonly route: Route }) {
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
  }
}

/** The signed-in pages, with the vendors the person works for (the navigation shows them). */
function SignedInPages({ route }: { readonly route: Route }) {
  const { api } = useSignedIn();
  const vendors = useLoaded(
    'vendors',
    async () => takeData(await api.GET('/v1/vendors'), 'Reload the page to try again.').items,
  );
  const memberships = useMemo(() => ({ state: vendors.state, reload: vendors.reload }), [vendors.state]);
  return (
    <VendorMembershipsContext.Provider value={memberships}>
      <Layout route={route}>
        <RoutedPage route={route} />
      </Layout>
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
    }),
    [api],
  );

  if (session === undefined) {
    return (
      <SignInPage
        api={api}
        notice={notice}
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
