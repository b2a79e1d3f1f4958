import { useState } from 'preact/hooks';
import { describeProblem, takeData, type ApiAnswer } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { channelLabels } from './notification-labels';

type DeliveryPage = ApiAnswer<'/v1/account/notifications/deliveries', 'get'>;
type Delivery = DeliveryPage['items'][number];

const pageSize = 20;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One attempt: when, by which channel, what, and how it went. */
function DeliveryEntry({ delivery }: { readonly delivery: Delivery }) {
  return (
    <li data-delivery-outcome={delivery.outcome}>
      <span>
        {delivery.template} <span class="muted">· {channelLabels[delivery.channel]}</span>
      </span>
      <span class="muted">
        {delivery.outcome}
        {delivery.reason !== null && ` (${delivery.reason})`} ·{' '}
        {timeFormat.format(new Date(delivery.attemptedAt))}
      </span>
    </li>
  );
}

/** What was sent to the person, newest first, by page (GET /v1/account/notifications/deliveries). */
export function DeliveriesPanel() {
  const { api } = useSignedIn();
  const [older, setOlder] = useState<{ items: Delivery[]; nextBefore?: string }>();
  const [problem, setProblem] = useState<string>();
  const { state, reload } = useLoaded('notification-deliveries', async () => {
    setOlder(undefined);
    const answer = await api.GET('/v1/account/notifications/deliveries', {
      params: { query: { limit: pageSize } },
    });
    return takeData(answer, 'Reload the page to try again.');
  });
  if (state.status !== 'loaded') {
    return (
      <section class="panel" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">What we sent you</h2>
        {state.status === 'loading' ? (
          <Loading what="what was sent to you" />
        ) : (
          <ErrorState message={state.message} onRetry={reload} />
        )}
      </section>
    );
  }
  const items = [...state.value.items, ...(older?.items ?? [])];
  const nextBefore = older === undefined ? state.value.nextBefore : older.nextBefore;
  const showOlder = async () => {
    setProblem(undefined);
    const answer = await api
      .GET('/v1/account/notifications/deliveries', {
        params: { query: { limit: pageSize, before: nextBefore } },
      })
      .catch((error: unknown) => ({ error, data: undefined }));
    if (answer.data === undefined) {
      setProblem(describeProblem(answer.error, 'Try again.'));
      return;
    }
    const page = answer.data;
    setOlder((shown) => ({ items: [...(shown?.items ?? []), ...page.items], nextBefore: page.nextBefore }));
  };
  return (
    <section class="panel" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">What we sent you</h2>
      {items.length === 0 ? (
        <p>Nothing sent to you yet: alerts and account emails will be listed here with how they went.</p>
      ) : (
        <ul class="entries" aria-label="Notifications sent">
          {items.map((delivery) => (
            <DeliveryEntry key={delivery.id} delivery={delivery} />
          ))}
        </ul>
      )}
      <FormProblem problem={problem} />
      {nextBefore !== undefined && (
        <button type="button" class="link" onClick={() => void showOlder()}>
          Show older
        </button>
      )}
    </section>
  );
}
