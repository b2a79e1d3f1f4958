import { useEffect, useRef, useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { deviceLabel, type DeviceView } from '../devices/device-view';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { useSignedIn } from '../session/session-context';
import type { AlertRuleView } from './alert-view';
import { RuleConditionFields, type SetRuleField } from './rule-condition-fields';
import { checkRuleFields } from './rule-checks';
import {
  fieldsOfRule,
  newRuleFields,
  ruleKinds,
  toCreateRuleRequest,
  toUpdateRuleRequest,
  type RuleFields,
  type RuleKind,
} from './rule-draft';

/** The readings a rule may watch: its device's product's features (the rule's own property kept). */
function readingsOf(devices: readonly DeviceView[], fields: RuleFields, rule: AlertRuleView | undefined) {
  const target = rule?.target;
  const device =
    target?.kind === 'product'
      ? devices.find((candidate) => candidate.productId === target.productId)
      : devices.find((candidate) => candidate.id === fields.deviceId);
  const features = device?.features ?? [];
  return fields.property === '' || features.includes(fields.property)
    ? features
    : [fields.property, ...features];
}

/** What an edited rule watches, in words: it keeps its target. */
const targetWords = (rule: AlertRuleView) =>
  rule.target.kind === 'device' ? rule.target.deviceId : `every ${rule.target.productId} of the home`;

/**
 * A home rule's form: a new rule on one of the home's devices, or `rule` edited (its target stays). The
 * fields are checked before anything is sent; public-api's refusals are shown as the form's problem.
 */
export function RuleForm(props: {
  readonly homeId: string;
  readonly devices: readonly DeviceView[];
  readonly rule?: AlertRuleView;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { homeId, devices, rule, onSaved, onCancel } = props;
  const { api } = useSignedIn();
  const initial = () => (rule === undefined ? newRuleFields(devices[0]) : fieldsOfRule(rule));
  const [fields, setFields] = useState<RuleFields>(initial);
  const form = useRef<HTMLFormElement>(null);
  // The Edit button that opened this form is gone: the keyboard goes on in the form's first field.
  useEffect(() => {
    if (rule !== undefined) form.current?.querySelector('input')?.focus();
  }, []);
  const set: SetRuleField = (key) => (value) => {
    setFields((current) => ({ ...current, [key]: value }));
  };
  const { busy, problem, submit } = useFormSubmit(async () => {
    const refused = checkRuleFields(fields);
    if (refused !== undefined) return refused;
    const answer =
      rule === undefined
        ? await api.POST('/v1/homes/{homeId}/alert-rules', {
            params: { path: { homeId } },
            body: toCreateRuleRequest(fields),
          })
        : await api.PATCH('/v1/homes/{homeId}/alert-rules/{ruleId}', {
            params: { path: { homeId, ruleId: rule.id } },
            body: toUpdateRuleRequest(rule, fields),
          });
    if (answer.data === undefined) return describeProblem(answer.error, 'Check the fields and try again.');
    if (rule === undefined) setFields(initial());
    onSaved();
    return undefined;
  });
  const headingId = rule === undefined ? 'new-rule' : `edit-rule-${rule.id}`;
  return (
    <form ref={form} class="panel" onSubmit={submit} aria-labelledby={headingId}>
      <h3 id={headingId}>{rule === undefined ? 'New rule' : `Edit ${rule.name}`}</h3>
      <TextField
        label="Rule name"
        name="rule-name"
        required
        maxLength={100}
        value={fields.name}
        onValue={set('name')}
      />
      {rule === undefined ? (
        <SelectField
          label="Device"
          name="rule-device"
          value={fields.deviceId}
          options={devices.map((device) => ({ value: device.id, label: deviceLabel(device) }))}
          onValue={(deviceId) => {
            const device = devices.find((candidate) => candidate.id === deviceId);
            setFields((current) => ({ ...current, deviceId, property: device?.features[0] ?? '' }));
          }}
        />
      ) : (
        <p class="muted">Watches {targetWords(rule)}.</p>
      )}
      <SelectField<RuleKind>
        label="Alert when"
        name="rule-kind"
        value={fields.kind}
        options={ruleKinds}
        onValue={set('kind')}
      />
      <RuleConditionFields fields={fields} set={set} features={readingsOf(devices, fields, rule)} />
      <FormProblem problem={problem} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {rule === undefined ? 'Create rule' : 'Save rule'}
        </button>
        {onCancel !== undefined && (
          <button type="button" class="link" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
