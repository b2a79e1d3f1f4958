import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import {
  isWebPushSupported,
  readThisBrowserSubscriptionId,
  removeSubscription,
  subscribeThisBrowser,
} from './web-push';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The browsers that receive the person's push notifications: turn this one on, remove any. */
export function PushPanel() {
  const { api } = useSignedIn();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const { state, reload } = useLoaded('push-subscriptions', async () => {
    const answer = await api.GET('/v1/account/notifications/push-subscriptions');
    return takeData(answer, 'Reload the page to try again.').items;
  });
  const thisBrowserId = readThisBrowserSubscriptionId();
  const run = async (action: () => Promise<string | undefined>, success: string) => {
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    const outcome = await action().catch((error: unknown) =>
      error instanceof Error ? `${error.message}. Reload the page and try again.` : String(error),
    );
    setBusy(false);
    if (outcome === undefined) setDone(success);
    else setProblem(outcome);
    reload();
  };
  const thisBrowserListed =
    state.status === 'loaded' && state.value.some((subscription) => subscription.id === thisBrowserId);
  return (
    <section class="panel" aria-labelledby="push-title">
      <h2 id="push-title">Browsers that get notifications</h2>
      <p class="hint">Tick “Browser” above for what should reach them.</p>
      {state.status === 'loading' && <Loading what="your browsers" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && state.value.length === 0 && (
        <p>No browser yet: turn this one on below.</p>
      )}
      {state.status === 'loaded' && state.value.length > 0 && (
        <ul class="entries" aria-label="Browsers">
          {state.value.map((subscription) => {
            const name = subscription.label ?? subscription.endpointOrigin;
            return (
              <li key={subscription.id}>
                <span>
                  {name}
                  {subscription.id === thisBrowserId && ' (this browser)'}{' '}
                  <span class="muted">
                    · {subscription.endpointOrigin} · since{' '}
                    {dateFormat.format(new Date(subscription.createdAt))}
                  </span>
                </span>
                <button
                  type="button"
                  class="link"
                  aria-label={`Remove ${name}`}
                  disabled={busy}
                  onClick={() => void run(() => removeSubscription(api, subscription.id), `${name} removed.`)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <FormProblem problem={problem} />
      {done !== undefined && <p role="status">{done}</p>}
      {!thisBrowserListed &&
        (isWebPushSupported() ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(() => subscribeThisBrowser(api), 'This browser now gets your notifications.')
            }
          >
            Turn on notifications in this browser
          </button>
        ) : (
          <p>This browser cannot receive push notifications: email and the mobile app still can.</p>
        ))}
    </section>
  );
}
