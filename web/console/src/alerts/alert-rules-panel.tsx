import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { deviceLabel, type DeviceView } from '../devices/device-view';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import {
  comparisons,
  comparisonWords,
  describeRule,
  type AlertRuleView,
  type Comparison,
} from './alert-view';

const severities = ['info', 'warning', 'critical'] as const;
/** The opposite comparison, offered as the clear condition (fire below 5, clear above 7). */
const opposite: Record<Comparison, Comparison> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** A threshold rule for one device of the home: the form's fields as typed. */
function useRuleDraft(devices: readonly DeviceView[]) {
  const [name, setName] = useState('');
  const [deviceId, setDeviceId] = useState(devices[0]?.id ?? '');
  const device = devices.find((candidate) => candidate.id === deviceId);
  const [property, setProperty] = useState(device?.features[0] ?? '');
  const [operator, setOperator] = useState<Comparison>('<');
  const [value, setValue] = useState('');
  const [clearValue, setClearValue] = useState('');
  const [forSeconds, setForSeconds] = useState('0');
  const [severity, setSeverity] = useState<(typeof severities)[number]>('warning');
  return {
    fields: { name, deviceId, property, operator, value, clearValue, forSeconds, severity },
    features: device?.features ?? [],
    set: {
      setName,
      setDeviceId,
      setProperty,
      setOperator,
      setValue,
      setClearValue,
      setForSeconds,
      setSeverity,
    },
    reset() {
      setName('');
      setValue('');
      setClearValue('');
    },
  };
}

function CreateRuleForm(props: {
  readonly homeId: string;
  readonly devices: readonly DeviceView[];
  onCreated: () => void;
}) {
  const { homeId, devices, onCreated } = props;
  const { api } = useSignedIn();
  const draft = useRuleDraft(devices);
  const { fields, set } = draft;
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/homes/{homeId}/alert-rules', {
      params: { path: { homeId } },
      body: {
        name: fields.name,
        target: { kind: 'device', deviceId: fields.deviceId },
        condition: {
          kind: 'threshold',
          source: 'state',
          property: fields.property,
          operator: fields.operator,
          value: Number(fields.value),
        },
        ...(fields.clearValue.trim() !== '' && {
          clear: { operator: opposite[fields.operator], value: Number(fields.clearValue) },
        }),
        forSeconds: Number(fields.forSeconds),
        severity: fields.severity,
        message: `{device}: {property} is {value}`,
      },
    });
    if (answer.data === undefined) return describeProblem(answer.error, 'Check the fields and try again.');
    draft.reset();
    onCreated();
    return undefined;
  });
  if (devices.length === 0) {
    return <p class="muted">Claim a device into this home first: rules watch a device's readings.</p>;
  }
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="new-rule">
      <h3 id="new-rule">New rule</h3>
      <TextField
        label="Rule name"
        name="rule-name"
        required
        maxLength={100}
        value={fields.name}
        onValue={set.setName}
      />
      <SelectField
        label="Device"
        name="rule-device"
        value={fields.deviceId}
        options={devices.map((device) => ({ value: device.id, label: deviceLabel(device) }))}
        onValue={set.setDeviceId}
      />
      <SelectField
        label="Reading"
        name="rule-property"
        value={fields.property}
        options={draft.features.map((feature) => ({ value: feature, label: feature }))}
        onValue={set.setProperty}
      />
      <SelectField
        label="Fires when the reading is"
        name="rule-operator"
        value={fields.operator}
        options={comparisons.map((comparison) => ({ value: comparison.operator, label: comparison.words }))}
        onValue={set.setOperator}
      />
      <TextField
        type="number"
        step="any"
        label="Threshold"
        name="rule-threshold"
        required
        value={fields.value}
        onValue={set.setValue}
      />
      <TextField
        type="number"
        step="any"
        label={`Clears when ${comparisonWords(opposite[fields.operator])} (optional)`}
        name="rule-clear"
        aria-describedby="clear-hint"
        value={fields.clearValue}
        onValue={set.setClearValue}
      />
      <p id="clear-hint" class="hint">
        A gap between the two values keeps a reading hovering at the threshold from firing again and again.
      </p>
      <TextField
        type="number"
        min={0}
        step={1}
        label="For at least (seconds)"
        name="rule-for"
        required
        value={fields.forSeconds}
        onValue={set.setForSeconds}
      />
      <SelectField
        label="Severity"
        name="rule-severity"
        value={fields.severity}
        options={severities.map((severity) => ({ value: severity, label: severity }))}
        onValue={set.setSeverity}
      />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Create rule
      </button>
    </form>
  );
}

/** The home's own alert rules: members read them, owners create and delete them. */
export function AlertRulesPanel(props: {
  readonly homeId: string;
  readonly role: 'owner' | 'member';
  readonly devices: readonly DeviceView[];
}) {
  const { homeId, role, devices } = props;
  const { api } = useSignedIn();
  const [problem, setProblem] = useState<string>();
  const { state, reload } = useLoaded(`alert-rules:${homeId}`, async () =>
    takeData(
      await api.GET('/v1/homes/{homeId}/alert-rules', { params: { path: { homeId } } }),
      'Reload the page to try again.',
    ),
  );
  const remove = (rule: AlertRuleView) => {
    setProblem(undefined);
    void api
      .DELETE('/v1/homes/{homeId}/alert-rules/{ruleId}', { params: { path: { homeId, ruleId: rule.id } } })
      .then(
        (answer) => {
          if (answer.error !== undefined)
            setProblem(describeProblem(answer.error, 'Reload the page and try again.'));
          reload();
        },
        (error: unknown) => {
          setProblem(describeProblem(error, 'Check your connection and try again.'));
        },
      );
  };
  return (
    <section class="panel" aria-labelledby="alert-rules">
      <h2 id="alert-rules">Alert rules</h2>
      {state.status === 'loading' && <Loading what="the home's rules" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <p class="muted">
            No rule yet: {role === 'owner' ? 'create one below.' : "the home's owners create them."}
          </p>
        ) : (
          <ul class="rules" aria-label="Alert rules">
            {state.value.items.map((rule) => (
              <li key={rule.id} data-rule-id={rule.id}>
                <div>
                  <strong>{rule.name}</strong> <span class={`badge ${rule.severity}`}>{rule.severity}</span>
                  <p class="muted">
                    {rule.target.kind === 'device' ? rule.target.deviceId : `every ${rule.target.productId}`}:{' '}
                    {describeRule(rule)}
                  </p>
                </div>
                {role === 'owner' && (
                  <button
                    type="button"
                    class="link"
                    aria-label={`Delete rule ${rule.name}`}
                    onClick={() => {
                      remove(rule);
                    }}
                  >
                    Delete
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
      {problem !== undefined && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {role === 'owner' && <CreateRuleForm homeId={homeId} devices={devices} onCreated={reload} />}
    </section>
  );
}
