import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { ConfirmButton } from '../layout/confirm-button';
import { FormProblem } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { ShownOnceSecret } from '../layout/shown-once-secret';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { CreateWebhookForm } from './create-webhook-form';
import { DeliveryLog } from './delivery-log';
import type { WebhookEndpoint } from './webhook-view';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function EndpointItem(props: {
  readonly vendorId: string;
  readonly endpoint: WebhookEndpoint;
  readonly onRotate: () => void;
  readonly onDelete: () => void;
}) {
  const { vendorId, endpoint } = props;
  const [showLog, setShowLog] = useState(false);
  const logId = `log-${endpoint.id}`;
  return (
    <li class="alert-item" data-endpoint-id={endpoint.id}>
      <h3 class="secret">{endpoint.url}</h3>
      <p>
        <span class={endpoint.status === 'enabled' ? 'badge online' : 'badge refused'}>
          {endpoint.status === 'enabled'
            ? '✓ enabled'
            : `✕ disabled: ${endpoint.disabledReason ?? 'by the platform'}`}
        </span>{' '}
        <span class="muted">
          {endpoint.description ?? ''} since {dateFormat.format(new Date(endpoint.createdAt))}
        </span>
      </p>
      <p class="muted">Sends {endpoint.eventTypes.join(', ')}</p>
      <p class="actions">
        <button
          type="button"
          class="link"
          aria-expanded={showLog}
          aria-controls={logId}
          onClick={() => {
            setShowLog(!showLog);
          }}
        >
          {showLog ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        <ConfirmButton
          label="Rotate secret"
          accessibleName={`Rotate secret of ${endpoint.url}`}
          question="Sign new deliveries with a new secret? The old one stops at once."
          confirmLabel="Yes, rotate"
          onConfirm={props.onRotate}
        />
        <ConfirmButton
          label="Delete"
          accessibleName={`Delete ${endpoint.url}`}
          question="Delete this webhook? Waiting deliveries are abandoned."
          confirmLabel="Yes, delete"
          onConfirm={props.onDelete}
        />
      </p>
      <div id={logId}>
        {showLog && <DeliveryLog vendorId={vendorId} endpointId={endpoint.id} url={endpoint.url} />}
      </div>
    </li>
  );
}

/** A vendor's webhooks (its admins): endpoints, creating one, its secret shown once, its delivery log. */
export function WebhooksPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const [problem, setProblem] = useState<string>();
  const [secret, setSecret] = useState<{ url: string; secret: string }>();
  const { state, reload } = useLoaded(`webhooks:${vendorId}`, async () =>
    takeData(
      await api.GET('/v1/vendors/{vendorId}/webhooks', { params: { path: { vendorId } } }),
      "Only the vendor's admins manage its webhooks: check the vendor, then try again in a moment.",
    ),
  );

  const change = async (endpoint: WebhookEndpoint, how: 'rotate' | 'delete') => {
    setProblem(undefined);
    setSecret(undefined);
    const path = { vendorId, endpointId: endpoint.id };
    if (how === 'rotate') {
      const answer = await api
        .POST('/v1/vendors/{vendorId}/webhooks/{endpointId}/secret', { params: { path } })
        .catch((error: unknown) => ({ error, data: undefined }));
      if (answer.data === undefined) {
        setProblem(describeProblem(answer.error, 'The old secret still signs: try again.'));
        return;
      }
      setSecret({ url: answer.data.url, secret: answer.data.secret });
      return;
    }
    const answer = await api
      .DELETE('/v1/vendors/{vendorId}/webhooks/{endpointId}', { params: { path } })
      .catch((error: unknown) => ({ error, response: undefined }));
    if (answer.response?.ok !== true) {
      setProblem(describeProblem(answer.error, 'The webhook still receives events: try again.'));
      return;
    }
    reload();
  };

  return (
    <>
      <h1>Webhooks of {vendorId}</h1>
      <p class="hint">
        Your back end receives your devices&apos; events as signed HTTPS POSTs (Standard Webhooks: verify the{' '}
        <code>webhook-signature</code> header with the endpoint&apos;s secret).
      </p>
      {state.status === 'loading' && <Loading what="the webhooks" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && state.value.items.length === 0 && (
        <EmptyState title="No webhook yet">
          <p>Add your back end&apos;s URL below and pick the events it should receive.</p>
        </EmptyState>
      )}
      {state.status === 'loaded' && state.value.items.length > 0 && (
        <ul class="alerts" aria-label="Webhooks">
          {state.value.items.map((endpoint) => (
            <EndpointItem
              key={endpoint.id}
              vendorId={vendorId}
              endpoint={endpoint}
              onRotate={() => void change(endpoint, 'rotate')}
              onDelete={() => void change(endpoint, 'delete')}
            />
          ))}
        </ul>
      )}
      <FormProblem problem={problem} />
      {secret !== undefined && (
        <ShownOnceSecret
          title={`The signing secret of ${secret.url}`}
          secret={secret.secret}
          usage="Your back end verifies each delivery's signature with it."
        />
      )}
      <CreateWebhookForm
        vendorId={vendorId}
        onCreated={(url, created) => {
          setSecret({ url, secret: created });
          reload();
        }}
      />
    </>
  );
}
