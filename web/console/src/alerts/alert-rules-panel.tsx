import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import type { DeviceView } from '../devices/device-view';
import { FormProblem } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useChange } from '../layout/use-change';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import type { AlertRuleView } from './alert-view';
import { RuleForm } from './rule-form';
import { RuleSummary } from './rule-summary';

/** The home's own alert rules: members read them, owners create, edit, disable and delete them. */
export function AlertRulesPanel(props: {
  readonly homeId: string;
  readonly role: 'owner' | 'member';
  readonly devices: readonly DeviceView[];
}) {
  const { homeId, role, devices } = props;
  const { api } = useSignedIn();
  const [editing, setEditing] = useState<string>();
  const { state, reload } = useLoaded(`alert-rules:${homeId}`, async () =>
    takeData(
      await api.GET('/v1/homes/{homeId}/alert-rules', { params: { path: { homeId } } }),
      'Reload the page to try again.',
    ),
  );
  const { problem, setProblem, change } = useChange(reload);
  const path = (rule: AlertRuleView) => ({ path: { homeId, ruleId: rule.id } });
  const saved = () => {
    setEditing(undefined);
    reload();
  };
  const isOwner = role === 'owner';
  return (
    <section class="panel" aria-labelledby="alert-rules">
      <h2 id="alert-rules">Alert rules</h2>
      {state.status === 'loading' && <Loading what="the home's rules" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <p class="muted">No rule yet: {isOwner ? 'create one below.' : "the home's owners create them."}</p>
        ) : (
          <ul class="rules" aria-label="Alert rules">
            {state.value.items.map((rule) => (
              <li key={rule.id} data-rule-id={rule.id}>
                {editing === rule.id ? (
                  <RuleForm
                    homeId={homeId}
                    devices={devices}
                    rule={rule}
                    onSaved={saved}
                    onCancel={() => {
                      setEditing(undefined);
                    }}
                  />
                ) : (
                  <RuleSummary rule={rule} />
                )}
                {isOwner && editing === undefined && (
                  <div class="actions">
                    <button
                      type="button"
                      class="link"
                      aria-label={`Edit rule ${rule.name}`}
                      onClick={() => {
                        setProblem(undefined);
                        setEditing(rule.id);
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="link"
                      aria-label={`${rule.enabled ? 'Disable' : 'Enable'} rule ${rule.name}`}
                      onClick={() => {
                        change(() =>
                          api.PATCH('/v1/homes/{homeId}/alert-rules/{ruleId}', {
                            params: path(rule),
                            body: { enabled: !rule.enabled },
                          }),
                        );
                      }}
                    >
                      {rule.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      type="button"
                      class="link"
                      aria-label={`Delete rule ${rule.name}`}
                      onClick={() => {
                        change(() =>
                          api.DELETE('/v1/homes/{homeId}/alert-rules/{ruleId}', { params: path(rule) }),
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
        ))}
      <FormProblem problem={problem} />
      {isOwner &&
        editing === undefined &&
        (devices.length === 0 ? (
          <p class="muted">Claim a device into this home first: rules watch a device.</p>
        ) : (
          <RuleForm homeId={homeId} devices={devices} onSaved={reload} />
        ))}
    </section>
  );
}
