import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { CursorPager } from '../layout/cursor-pager';
import { newestPage } from '../layout/cursor-pages';
import { ScrollingTable } from '../layout/scrolling-table';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { describeDelivery, describeResponse, type Delivery } from './webhook-view';

/** Deliveries per page of the log. */
const deliveriesPerPage = 20;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const formatTime = (iso: string | null) => (iso === null ? '—' : timeFormat.format(new Date(iso)));

function DeliveryRow({ delivery }: { readonly delivery: Delivery }) {
  const status = describeDelivery(delivery);
  return (
    <tr class={status.failed ? 'failed-delivery' : undefined} data-delivery-status={delivery.status}>
      <th scope="row">
        <span class={`badge ${delivery.status}`}>{status.text}</span>
      </th>
      <td>{delivery.eventType}</td>
      <td>{delivery.attempts}</td>
      <td>{describeResponse(delivery)}</td>
      <td>
        <time dateTime={delivery.createdAt}>{formatTime(delivery.createdAt)}</time>
      </td>
      <td>
        {formatTime(delivery.lastAttemptAt)}
        {delivery.nextAttemptAt !== null && (
          <span class="detail muted">next {formatTime(delivery.nextAttemptAt)}</span>
        )}
      </td>
    </tr>
  );
}

/** One endpoint's deliveries, newest first, a page at a time (public-api's `before` cursor), refreshable. */
export function DeliveryLog(props: {
  readonly vendorId: string;
  readonly endpointId: string;
  readonly url: string;
}) {
  const { vendorId, endpointId, url } = props;
  const { api } = useSignedIn();
  const [trail, setTrail] = useState(newestPage);
  const { state, reload } = useLoaded(`deliveries:${endpointId}:${trail.current ?? 'newest'}`, async () =>
    takeData(
      await api.GET('/v1/vendors/{vendorId}/webhooks/{endpointId}/deliveries', {
        params: {
          path: { vendorId, endpointId },
          query: { limit: deliveriesPerPage, ...(trail.current !== undefined && { before: trail.current }) },
        },
      }),
      'The delivery log is kept by the notifications service: try again in a moment.',
    ),
  );
  const captionId = `deliveries-${endpointId}`;
  return (
    <section class="delivery-log" aria-label={`Deliveries to ${url}`}>
      <p class="actions">
        <button type="button" class="link" onClick={reload}>
          Refresh the log
        </button>
      </p>
      {state.status === 'loading' && <Loading what="the deliveries" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && state.value.items.length === 0 && (
        <p role="status">
          No delivery yet: when one of the subscribed events happens, its delivery appears here (Refresh the
          log).
        </p>
      )}
      {state.status === 'loaded' && state.value.items.length > 0 && (
        <ScrollingTable
          id={captionId}
          caption={`Deliveries to ${url}, newest first`}
          columns={['Status', 'Event', 'Attempts', 'Response', 'Event time', 'Last attempt']}
        >
          {state.value.items.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} />
          ))}
        </ScrollingTable>
      )}
      {state.status === 'loaded' && (
        <CursorPager
          label={`Pages of deliveries to ${url}`}
          trail={trail}
          nextCursor={state.value.nextBefore}
          onTrail={setTrail}
        />
      )}
    </section>
  );
}
