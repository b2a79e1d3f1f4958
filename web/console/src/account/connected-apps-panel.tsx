import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * The apps the person authorized through OAuth, voice assistants (Alexa, Google Home) among them, with
 * what each may do; disconnecting one revokes its tokens at once (public-api ends the grant).
 */
export function ConnectedAppsPanel() {
  const { api } = useSignedIn();
  const [problem, setProblem] = useState<string>();
  const { state, reload } = useLoaded('authorizations', async () => {
    const answer = await api.GET('/v1/account/authorizations');
    return takeData(answer, 'Reload the page to try again.').items;
  });

  const disconnect = async (clientId: string, name: string) => {
    setProblem(undefined);
    const answer = await api
      .DELETE('/v1/account/authorizations/{clientId}', { params: { path: { clientId } } })
      .catch((error: unknown) => ({ error, response: undefined }));
    if (answer.response?.ok !== true) {
      setProblem(describeProblem(answer.error, `${name} is still connected: try again.`));
      return;
    }
    reload();
  };

  return (
    <section class="panel" aria-labelledby="apps-title">
      <h2 id="apps-title">Connected apps and assistants</h2>
      {state.status === 'loading' && <Loading what="the connected apps" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && state.value.length === 0 && (
        <EmptyState title="No app connected">
          <p>
            Link Homeport in the Alexa or Google Home app (or another app that offers it) and it appears here,
            with what it may do.
          </p>
        </EmptyState>
      )}
      {state.status === 'loaded' && state.value.length > 0 && (
        <ul class="entries" aria-label="Connected apps">
          {state.value.map((app) => (
            <li key={app.clientId}>
              <span>
                {app.clientName}{' '}
                <span class="muted">
                  · since {dateFormat.format(new Date(app.authorizedAt))} · {app.scopes.join(', ')}
                </span>
              </span>
              <button
                type="button"
                class="link"
                aria-label={`Disconnect ${app.clientName}`}
                onClick={() => void disconnect(app.clientId, app.clientName)}
              >
                Disconnect
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormProblem problem={problem} />
    </section>
  );
}
