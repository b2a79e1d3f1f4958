import { useEffect } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import {
  describeState,
  formatCount,
  formatMegabytes,
  operationsRefreshMs,
  summarizeHealth,
  type QueueHealth,
  type ServiceHealth,
} from './operations-view';

const retryAdvice = 'It is asked again every few seconds; if it persists, check the service that answers it.';

/** A state as text in a badge (its colour only repeats the word). */
function StateBadge({
  item,
}: {
  readonly item: { readonly status: 'up' | 'down'; readonly reason?: string };
}) {
  return <span class={`badge ${item.status === 'up' ? 'online' : 'offline'}`}>{describeState(item)}</span>;
}

function HealthTable({ services }: { readonly services: readonly ServiceHealth[] }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby="health-caption" tabIndex={0}>
      <table>
        <caption id="health-caption">Services and their dependencies</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">Dependencies</th>
            <th scope="col">Memory</th>
            <th scope="col">Requests</th>
            <th scope="col">Messages</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.name}>
              <th scope="row">{service.name}</th>
              <td>
                <StateBadge item={service} />
              </td>
              <td>
                {service.dependencies.length === 0
                  ? '—'
                  : service.dependencies.map((dependency) => (
                      <span key={dependency.name} class="dependency">
                        {dependency.name} <StateBadge item={dependency} />
                      </span>
                    ))}
              </td>
              <td>{formatMegabytes(service.memoryBytes)}</td>
              <td>{formatCount(service.requestsServed)}</td>
              <td>{formatCount(service.messagesHandled)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeadLetters({ queue }: { readonly queue: QueueHealth }) {
  if (queue.firstDeadLetters.length === 0) return <>—</>;
  return (
    <ul class="dead-letters">
      {queue.firstDeadLetters.map((letter, index) => (
        <li key={letter.messageId ?? index}>
          <strong>{letter.errorCode}</strong>: {letter.reason}{' '}
          <span class="muted">
            ({letter.type ?? 'unknown type'}, {letter.attempts} attempts,{' '}
            {new Date(letter.failedAt).toLocaleString()})
          </span>
        </li>
      ))}
    </ul>
  );
}

function QueueTable({ queues }: { readonly queues: readonly QueueHealth[] }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby="queues-caption" tabIndex={0}>
      <table>
        <caption id="queues-caption">Work queues and their dead letters</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Ready</th>
            <th scope="col">Consumers</th>
            <th scope="col">Dead letters</th>
            <th scope="col">First dead letters</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={queue.name}>
              <th scope="row" title={queue.description}>
                {queue.name}
              </th>
              {queue.declared ? (
                <>
                  <td>{formatCount(queue.messages)}</td>
                  <td>{formatCount(queue.consumers)}</td>
                  <td>{formatCount(queue.deadLetters)}</td>
                </>
              ) : (
                <td colSpan={3}>not declared yet (no service has started on it)</td>
              )}
              <td>
                <DeadLetters queue={queue} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The platform operators' page: every service and dependency, the queues and dead letters, kept fresh. */
export function OperationsPage() {
  const { api } = useSignedIn();
  const health = useLoaded('operations-health', async () =>
    takeData(await api.GET('/v1/operations/health'), retryAdvice),
  );
  const queues = useLoaded('operations-queues', async () =>
    takeData(await api.GET('/v1/operations/queues', { params: { query: { deadLetters: 5 } } }), retryAdvice),
  );
  useEffect(() => {
    const timer = setInterval(() => {
      health.reload();
      queues.reload();
    }, operationsRefreshMs);
    return () => {
      clearInterval(timer);
    };
  }, [health.reload, queues.reload]);
  return (
    <>
      <h1>Operations</h1>
      <section aria-labelledby="health-heading">
        <h2 id="health-heading">Health</h2>
        {health.state.status === 'loading' && <Loading what="the services' health" />}
        {health.state.status === 'failed' && (
          <ErrorState message={health.state.message} onRetry={health.reload} />
        )}
        {health.state.status === 'loaded' && (
          <>
            <p>
              <span role="status">{summarizeHealth(health.state.value.services)}</span>{' '}
              <span class="muted">
                Checked {new Date(health.state.value.checkedAt).toLocaleTimeString()}.
              </span>
            </p>
            <HealthTable services={health.state.value.services} />
          </>
        )}
      </section>
      <section aria-labelledby="queues-heading">
        <h2 id="queues-heading">Queues</h2>
        {queues.state.status === 'loading' && <Loading what="the queues" />}
        {queues.state.status === 'failed' && (
          <ErrorState message={queues.state.message} onRetry={queues.reload} />
        )}
        {queues.state.status === 'loaded' &&
          (queues.state.value.queues.length === 0 ? (
            <EmptyState title="No queues">
              <p>The platform defines no work queues.</p>
            </EmptyState>
          ) : (
            <QueueTable queues={queues.state.value.queues} />
          ))}
      </section>
    </>
  );
}
