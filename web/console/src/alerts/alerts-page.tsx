import { useEffect, useRef, useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { followLiveStream } from '../api/live-stream';
import { loadHomeDevices } from '../devices/load-home-devices';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { AlertRulesPanel } from './alert-rules-panel';
import { describeAlertStatus, isAcknowledgeable, type AlertView } from './alert-view';
import { watchableDevices } from './rule-owner';
import { VendorRulesPanel } from './vendor-rules-panel';

/** Open alerts shown at once, and resolved ones per "show older" step. */
const openPerPage = 50;
const historyPerPage = 20;
const snoozeSeconds = 3600;

const formatTime = (iso: string) => new Date(iso).toLocaleString();

function AlertItem(props: {
  readonly homeId: string;
  readonly alert: AlertView;
  onAcknowledge?: (alert: AlertView, snooze: boolean) => void;
}) {
  const { homeId, alert, onAcknowledge } = props;
  const since = alert.firedAt ?? alert.pendingSince;
  return (
    <li class={`alert-item ${alert.severity}`} data-alert-id={alert.id} data-alert-status={alert.status}>
      <div>
        <span class={`badge ${alert.severity}`}>{alert.severity}</span> <strong>{alert.ruleName}</strong>
      </div>
      <p>{alert.message}</p>
      <p class="muted">
        <a href={routeHref({ page: 'device', homeId, deviceId: alert.deviceId })}>{alert.deviceId}</a> ·{' '}
        {describeAlertStatus(alert, Date.now())} · since {formatTime(since)}
        {alert.resolvedAt !== null && ` · resolved ${formatTime(alert.resolvedAt)}`}
        {alert.flapping && ' · flapping'}
      </p>
      {onAcknowledge !== undefined && isAcknowledgeable(alert) && (
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              onAcknowledge(alert, false);
            }}
          >
            Acknowledge
          </button>
          <button
            type="button"
            class="link"
            onClick={() => {
              onAcknowledge(alert, true);
            }}
          >
            Acknowledge and snooze 1 h
          </button>
        </div>
      )}
    </li>
  );
}

/** The home's resolved alerts, newest first, a page at a time. */
function AlertHistory({ homeId, version }: { readonly homeId: string; readonly version: number }) {
  const { api } = useSignedIn();
  // Read by the loader: "show older" and a live change read the pages shown again, keeping them meanwhile.
  const pages = useRef(1);
  const loaded = useLoaded(`alert-history:${homeId}`, async () => {
    const items: AlertView[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < pages.current; page += 1) {
      const answer = await api.GET('/v1/homes/{homeId}/alerts', {
        params: {
          path: { homeId },
          query: { status: 'resolved', limit: historyPerPage, ...(cursor !== undefined && { cursor }) },
        },
      });
      const data = takeData(answer, 'Reload the page to try again.');
      items.push(...data.items);
      cursor = data.nextCursor ?? undefined;
      if (cursor === undefined) return { items, more: false };
    }
    return { items, more: true };
  });
  const { state, reload } = loaded;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  return (
    <section class="panel" aria-labelledby="alert-history">
      <h2 id="alert-history">History</h2>
      {state.status === 'loading' && <Loading what="the alert history" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <p class="muted">No alert has resolved in this home yet.</p>
        ) : (
          <ul class="alerts" aria-label="Resolved alerts">
            {state.value.items.map((alert) => (
              <AlertItem key={alert.id} homeId={homeId} alert={alert} />
            ))}
          </ul>
        ))}
      {state.status === 'loaded' && state.value.more && (
        <button
          type="button"
          class="link"
          onClick={() => {
            pages.current += 1;
            reload();
          }}
        >
          Show older alerts
        </button>
      )}
    </section>
  );
}

/**
 * A home's alerts: the open ones (live: they appear, change and leave as the alerts service decides), with
 * acknowledge and snooze; the resolved ones; the home's alert rules, and the makers' rules it may mute.
 */
export function AlertsPage({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string>();
  const loaded = useLoaded(`alerts:${homeId}`, async () => {
    const [homeDevices, open] = await Promise.all([
      loadHomeDevices(api, homeId),
      api
        .GET('/v1/homes/{homeId}/alerts', {
          params: { path: { homeId }, query: { status: 'open', limit: openPerPage } },
        })
        .then((answer) => takeData(answer, 'Reload the page to try again.')),
    ]);
    return { ...homeDevices, open: open.items };
  });
  const { state, reload } = loaded;
  const refresh = useRef(() => {
    reload();
    setVersion((n) => n + 1);
  });
  // Any alert transition of the home changes the lists: read them again rather than patch them here.
  useEffect(
    () =>
      followLiveStream(
        api,
        { homeId },
        {
          onAlert: () => {
            refresh.current();
          },
          onResync: () => {
            refresh.current();
          },
          onConnection: () => undefined,
        },
      ),
    [api, homeId],
  );

  const acknowledge = (alert: AlertView, snooze: boolean) => {
    setProblem(undefined);
    void api
      .POST('/v1/homes/{homeId}/alerts/{alertId}/acknowledge', {
        params: { path: { homeId, alertId: alert.id } },
        body: snooze ? { snoozeSeconds } : {},
      })
      .then(
        (answer) => {
          if (answer.data === undefined) {
            setProblem(
              describeProblem(answer.error, 'Reload the page: the alert may have resolved meanwhile.'),
            );
          }
          refresh.current();
        },
        (error: unknown) => {
          setProblem(describeProblem(error, 'Check your connection and try again.'));
        },
      );
  };

  if (state.status === 'loading') return <Loading what="the home's alerts" />;
  if (state.status === 'failed') return <ErrorState message={state.message} onRetry={reload} />;
  const { home, devices, open } = state.value;
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={routeHref({ page: 'homes' })}>Homes</a> ›{' '}
        <a href={routeHref({ page: 'home', homeId })}>{home.name}</a> ›{' '}
        <span aria-current="page">Alerts</span>
      </nav>
      <h1>Alerts</h1>
      {problem !== undefined && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <section aria-labelledby="open-alerts">
        <h2 id="open-alerts">Open</h2>
        {open.length === 0 ? (
          <EmptyState title="No open alert">
            <p>Alerts appear here as soon as a rule below fires; nothing to do for now.</p>
          </EmptyState>
        ) : (
          <ul class="alerts" aria-label="Open alerts">
            {open.map((alert) => (
              <AlertItem key={alert.id} homeId={homeId} alert={alert} onAcknowledge={acknowledge} />
            ))}
          </ul>
        )}
      </section>
      <AlertHistory homeId={homeId} version={version} />
      <AlertRulesPanel
        owner={{ kind: 'home', homeId }}
        canEdit={home.role === 'owner'}
        watchables={watchableDevices(devices)}
      />
      <VendorRulesPanel homeId={homeId} role={home.role} />
    </>
  );
}
