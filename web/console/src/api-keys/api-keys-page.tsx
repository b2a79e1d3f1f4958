import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { CheckboxChoices } from '../layout/checkbox-choices';
import { ConfirmButton } from '../layout/confirm-button';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { ShownOnceSecret } from '../layout/shown-once-secret';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import {
  describeKeyStatus,
  keyLifetimeDays,
  keyScopeChoices,
  type KeyScope,
  type VendorApiKey,
} from './key-choices';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const formatDate = (date: Date) => dateFormat.format(date);

/** Making a key for the vendor's back end: a name, what it may do, how long it lives. */
function CreateKeyForm(props: {
  readonly vendorId: string;
  readonly onCreated: (name: string, key: string) => void;
}) {
  const { api } = useSignedIn();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<readonly KeyScope[]>(['devices:read']);
  const [days, setDays] = useState('90');
  const { busy, problem, submit } = useFormSubmit(async () => {
    if (scopes.length === 0) return 'Tick at least one thing the key may do.';
    const answer = await api.POST('/v1/vendors/{vendorId}/api-keys', {
      params: { path: { vendorId: props.vendorId } },
      body: { name, scopes: [...scopes], expiresInDays: Number(days) },
    });
    if (answer.data === undefined)
      return describeProblem(answer.error, 'Check the name and scopes, then try again.');
    props.onCreated(answer.data.name, answer.data.key);
    setName('');
    return undefined;
  });
  return (
    <form class="panel invite" onSubmit={submit}>
      <h2>New API key</h2>
      <TextField label="Key name" name="key-name" required maxLength={100} value={name} onValue={setName} />
      <CheckboxChoices
        legend="It may"
        name="scopes"
        choices={keyScopeChoices.map(({ scope, label }) => ({ value: scope, label }))}
        value={scopes}
        onValue={setScopes}
      />
      <SelectField
        label="Valid for"
        name="key-lifetime"
        value={days}
        options={keyLifetimeDays.map((each) => ({ value: String(each), label: `${each} days` }))}
        onValue={setDays}
      />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Create key
      </button>
    </form>
  );
}

function KeyRow(props: { readonly apiKey: VendorApiKey; readonly onRevoke: () => void }) {
  const key = props.apiKey;
  const status = describeKeyStatus(key, Date.now(), formatDate);
  return (
    <li data-key-id={key.id}>
      <span>
        <strong>{key.name}</strong>{' '}
        <span class={status.usable ? 'badge online' : 'badge refused'}>{status.text}</span>
        <span class="detail muted">
          {key.scopes.join(', ')} · created {formatDate(new Date(key.createdAt))} · last used{' '}
          {key.lastUsedAt === null ? 'never' : formatDate(new Date(key.lastUsedAt))}
        </span>
      </span>
      {status.usable && (
        <ConfirmButton
          label="Revoke"
          accessibleName={`Revoke ${key.name}`}
          question={`Revoke “${key.name}”? Requests with it are refused at once.`}
          confirmLabel="Yes, revoke"
          onConfirm={props.onRevoke}
        />
      )}
    </li>
  );
}

/** A vendor's API keys (its admins): listed without their secret, created (the key shown once), revoked. */
export function ApiKeysPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const path = { vendorId };
  const { state, reload } = useLoaded(`api-keys:${vendorId}`, async () =>
    takeData(
      await api.GET('/v1/vendors/{vendorId}/api-keys', { params: { path } }),
      "Only the vendor's admins manage its keys: check the vendor, then try again.",
    ),
  );

  const revoke = async (key: VendorApiKey) => {
    setProblem(undefined);
    setCreated(undefined);
    const answer = await api
      .DELETE('/v1/vendors/{vendorId}/api-keys/{keyId}', { params: { path: { vendorId, keyId: key.id } } })
      .catch((error: unknown) => ({ error, response: undefined }));
    if (answer.response?.ok !== true) {
      setProblem(describeProblem(answer.error, `“${key.name}” still works: try again.`));
      return;
    }
    reload();
  };

  return (
    <>
      <h1>API keys of {vendorId}</h1>
      <p class="hint">
        For the vendor&apos;s back end (factory lines, your cloud): each key acts for the vendor, within what
        it was given. Send it as <code>Authorization: Bearer hpk_…</code>.
      </p>
      {state.status === 'loading' && <Loading what="the keys" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && state.value.items.length === 0 && (
        <EmptyState title="No API key yet">
          <p>Create one below for each back end that calls the API, with only the scopes it needs.</p>
        </EmptyState>
      )}
      {state.status === 'loaded' && state.value.items.length > 0 && (
        <ul class="entries" aria-label="API keys">
          {state.value.items.map((key) => (
            <KeyRow key={key.id} apiKey={key} onRevoke={() => void revoke(key)} />
          ))}
        </ul>
      )}
      <FormProblem problem={problem} />
      {created !== undefined && (
        <ShownOnceSecret
          title={`Your key “${created.name}”`}
          secret={created.key}
          usage="Keep it in your back end's secret store."
        />
      )}
      <CreateKeyForm
        vendorId={vendorId}
        onCreated={(name, key) => {
          setCreated({ name, key });
          reload();
        }}
      />
    </>
  );
}
