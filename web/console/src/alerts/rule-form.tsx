import { useEffect, useRef, useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { useSignedIn } from '../session/session-context';
import type { AlertRuleView } from './alert-view';
import { RuleConditionFields, type SetRuleField } from './rule-condition-fields';
import { checkRuleFields } from './rule-checks';
import {
  changeRule,
  createRule,
  describeTarget,
  readingsOf,
  type RuleOwner,
  type Watchable,
} from './rule-owner';
import {
  fieldsOfRule,
  newRuleFields,
  ruleKinds,
  toCreateRuleRequest,
  toUpdateRuleRequest,
  type RuleFields,
  type RuleKind,
} from './rule-draft';

/**
 * A rule's form: a new rule of `owner` on one of `watchables` (a home's device, a vendor's product), or `rule`
 * edited (its target stays). The fields are checked before anything is sent; public-api's refusals are shown
 * as the form's problem.
 */
export function RuleForm(props: {
  readonly owner: RuleOwner;
  readonly watchables: readonly Watchable[];
  readonly rule?: AlertRuleView;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { owner, watchables, rule, onSaved, onCancel } = props;
  const { api } = useSignedIn();
  const initial = () => (rule === undefined ? newRuleFields(watchables[0]) : fieldsOfRule(rule));
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
        ? await createRule(api, owner, toCreateRuleRequest(owner, fields))
        : await changeRule(api, owner, rule.id, toUpdateRuleRequest(rule, fields));
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
          label={owner.kind === 'home' ? 'Device' : 'Product'}
          name="rule-watched"
          value={fields.watchedId}
          options={watchables.map((watchable) => ({ value: watchable.id, label: watchable.label }))}
          onValue={(watchedId) => {
            const watched = watchables.find((candidate) => candidate.id === watchedId);
            setFields((current) => ({ ...current, watchedId, property: watched?.features[0] ?? '' }));
          }}
        />
      ) : (
        <p class="muted">Watches {describeTarget(owner, rule.target)}.</p>
      )}
      <SelectField<RuleKind>
        label="Alert when"
        name="rule-kind"
        value={fields.kind}
        options={ruleKinds}
        onValue={set('kind')}
      />
      <RuleConditionFields
        fields={fields}
        set={set}
        features={readingsOf(watchables, fields.watchedId, fields.property, rule?.target)}
      />
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
