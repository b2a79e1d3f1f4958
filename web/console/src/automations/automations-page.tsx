import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { loadHomeDevices } from '../devices/load-home-devices';
import { FormProblem } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useChange } from '../layout/use-change';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { AutomationForm } from './automation-form';
import {
  describeActions,
  describeRun,
  describeTrigger,
  withEnabled,
  type AutomationView,
} from './automation-draft';

/** Runs the log shows. */
const runsShown = 20;

/** The home's run log: what each run set on which device, and how it went. */
function RunLog({ homeId, version }: { readonly homeId: string; readonly version: number }) {
  const { api } = useSignedIn();
  const { state, reload } = useLoaded(`automation-runs:${homeId}:${version}`, async () =>
    takeData(
      await api.GET('/v1/homes/{homeId}/automations/runs', {
        params: { path: { homeId }, query: { limit: runsShown } },
      }),
      'Try again in a moment.',
    ),
  );
  return (
    <section class="panel" aria-labelledby="automation-runs">
      <h2 id="automation-runs">Run log</h2>
      {state.status === 'loading' && <Loading what="the run log" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <p class="muted">No automation has run yet: they run when the home empties or someone arrives.</p>
        ) : (
          <ul class="entries" aria-label="Automation runs">
            {state.value.items.map((run) => (
              <li key={run.id}>
                <span>{describeRun(run)}</span>
                <span class="muted">{new Date(run.createdAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/**
 * A home's automations: what runs when the home empties, when the first person arrives or is on the way
 * home; owners create, enable or disable, and delete them; members read them. The run log below.
 */
export function AutomationsPage({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const [version, setVersion] = useState(0);
  const { state, reload } = useLoaded(`automations:${homeId}`, async () => {
    const [homeDevices, list] = await Promise.all([
      loadHomeDevices(api, homeId),
      api
        .GET('/v1/homes/{homeId}/automations', { params: { path: { homeId } } })
        .then((answer) => takeData(answer, 'Try again in a moment.')),
    ]);
    return { ...homeDevices, automations: list.items };
  });
  const refresh = () => {
    reload();
    setVersion((n) => n + 1);
  };
  const { problem, change } = useChange(refresh);
  const path = (automation: AutomationView) => ({ path: { homeId, automationId: automation.id } });

  if (state.status === 'loading') return <Loading what="the home's automations" />;
  if (state.status === 'failed') return <ErrorState message={state.message} onRetry={reload} />;
  const { home, devices, automations } = state.value;
  const isOwner = home.role === 'owner';
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={routeHref({ page: 'homes' })}>Homes</a> ›{' '}
        <a href={routeHref({ page: 'home', homeId })}>{home.name}</a> ›{' '}
        <span aria-current="page">Automations</span>
      </nav>
      <h1>{home.name}: automations</h1>
      <p class="hint">
        They follow who is home (<a href={routeHref({ page: 'zone', homeId })}>the home&apos;s zone</a>) and
        set your devices as you choose.
      </p>
      {automations.length === 0 ? (
        <EmptyState title="No automation yet">
          <p>
            {isOwner
              ? 'Create one below, for instance eco mode when everyone is out.'
              : "The home's owners create them."}
          </p>
        </EmptyState>
      ) : (
        <ul class="cards" aria-label="Automations">
          {automations.map((automation) => (
            <li key={automation.id} data-automation-id={automation.id}>
              <div>
                <strong>{automation.name}</strong>{' '}
                <span class={`badge ${automation.enabled ? 'online' : 'offline'}`}>
                  {automation.enabled ? 'enabled' : 'disabled'}
                </span>
              </div>
              <p class="muted">
                {describeTrigger(automation)}: {describeActions(automation.actions)}
              </p>
              {isOwner && (
                <div class="actions">
                  <button
                    type="button"
                    class="link"
                    aria-label={`${automation.enabled ? 'Disable' : 'Enable'} ${automation.name}`}
                    onClick={() => {
                      change(() =>
                        api.PUT('/v1/homes/{homeId}/automations/{automationId}', {
                          params: path(automation),
                          body: withEnabled(automation, !automation.enabled),
                        }),
                      );
                    }}
                  >
                    {automation.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button
                    type="button"
                    class="link"
                    aria-label={`Delete ${automation.name}`}
                    onClick={() => {
                      change(() =>
                        api.DELETE('/v1/homes/{homeId}/automations/{automationId}', {
                          params: path(automation),
                        }),
                      );
                    }}
                  >
                    Delete
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormProblem problem={problem} />
      {isOwner && <AutomationForm homeId={homeId} devices={devices} onCreated={refresh} />}
      <RunLog homeId={homeId} version={version} />
    </>
  );
}
