import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { tokenLifetimes, tokenPresets } from './token-presets';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A new token, shown once: public-api keeps only its hash. */
function CreatedToken({ name, token }: { readonly name: string; readonly token: string }) {
  return (
    <div role="status" class="created-token">
      <p>
        Your token “{name}”: copy it now, it will not be shown again. Scripts send it as{' '}
        <code>Authorization: Bearer …</code>.
      </p>
      <p class="secret" data-token>
        {token}
      </p>
    </div>
  );
}

/** Making a personal access token for the person's scripts: a name, what it may do, how long it lives. */
function CreateTokenForm({ onCreated }: { readonly onCreated: (name: string, token: string) => void }) {
  const { api } = useSignedIn();
  const [name, setName] = useState('');
  const [presetId, setPresetId] = useState(tokenPresets[0]?.id ?? '');
  const [lifetime, setLifetime] = useState('90');
  const { busy, problem, submit } = useFormSubmit(async () => {
    const preset = tokenPresets.find((each) => each.id === presetId);
    const days = lifetime === 'never' ? undefined : Number(lifetime);
    const answer = await api.POST('/v1/account/tokens', {
      body: { name, scopes: [...(preset?.scopes ?? [])], ...(days !== undefined && { expiresInDays: days }) },
    });
    if (answer.data === undefined) return describeProblem(answer.error, 'Check the name and try again.');
    onCreated(answer.data.name, answer.data.token);
    setName('');
    return undefined;
  });
  return (
    <form class="invite" onSubmit={submit}>
      <h3>New token</h3>
      <TextField
        label="Token name"
        name="token-name"
        required
        maxLength={100}
        value={name}
        onValue={setName}
      />
      <SelectField
        label="It may"
        name="token-preset"
        value={presetId}
        options={tokenPresets.map((preset) => ({ value: preset.id, label: preset.label }))}
        onValue={setPresetId}
      />
      <SelectField
        label="Valid for"
        name="token-lifetime"
        value={lifetime}
        options={tokenLifetimes.map(({ days, label }) => ({
          value: days === undefined ? 'never' : String(days),
          label,
        }))}
        onValue={setLifetime}
      />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Create token
      </button>
    </form>
  );
}

/** The person's personal access tokens: listed without their secret, created (shown once), revoked. */
export function ApiTokensPanel() {
  const { api } = useSignedIn();
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const { state, reload } = useLoaded('personal-tokens', async () => {
    const answer = await api.GET('/v1/account/tokens');
    return takeData(answer, 'Reload the page to try again.').items;
  });

  const revoke = async (tokenId: string, name: string) => {
    setProblem(undefined);
    setCreated(undefined);
    const answer = await api
      .DELETE('/v1/account/tokens/{tokenId}', { params: { path: { tokenId } } })
      .catch((error: unknown) => ({ error, response: undefined }));
    if (answer.response?.ok !== true) {
      setProblem(describeProblem(answer.error, `“${name}” still works: try again.`));
      return;
    }
    reload();
  };

  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p class="hint">For your own scripts: each acts as you, within what it was given.</p>
      {state.status === 'loading' && <Loading what="your tokens" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && state.value.length === 0 && <p>No token yet: create one below.</p>}
      {state.status === 'loaded' && state.value.length > 0 && (
        <ul class="entries" aria-label="API tokens">
          {state.value.map((token) => (
            <li key={token.id}>
              <span>
                {token.name}{' '}
                <span class="muted">
                  · {token.scopes.join(', ')} ·{' '}
                  {token.expiresAt === null
                    ? 'no expiry'
                    : `expires ${dateFormat.format(new Date(token.expiresAt))}`}
                </span>
              </span>
              <button
                type="button"
                class="link"
                aria-label={`Revoke ${token.name}`}
                onClick={() => void revoke(token.id, token.name)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormProblem problem={problem} />
      {created !== undefined && <CreatedToken name={created.name} token={created.token} />}
      <CreateTokenForm
        onCreated={(name, token) => {
          setCreated({ name, token });
          reload();
        }}
      />
    </section>
  );
}
