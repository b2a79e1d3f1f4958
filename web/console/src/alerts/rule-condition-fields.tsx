import { SelectField, TextField } from '../layout/forms';
import { comparisons, comparisonWords, type Comparison } from './alert-view';
import { isLasting, isOrdering, opposite, severities, type RuleFields, type Severity } from './rule-draft';

/** Sets one field of the draft. */
export type SetRuleField = <K extends keyof RuleFields>(key: K) => (value: RuleFields[K]) => void;

interface ConditionProps {
  readonly fields: RuleFields;
  readonly set: SetRuleField;
  /** The readings the watched device's product reports. */
  readonly features: readonly string[];
}

function ReadingField({ fields, set, features }: ConditionProps) {
  return (
    <SelectField
      label="Reading"
      name="rule-property"
      value={fields.property}
      options={features.map((feature) => ({ value: feature, label: feature }))}
      onValue={set('property')}
    />
  );
}

function ThresholdFields(props: ConditionProps) {
  const { fields, set } = props;
  const numeric = isOrdering(fields.operator);
  return (
    <>
      <ReadingField {...props} />
      <SelectField<Comparison>
        label="Fires when the reading is"
        name="rule-operator"
        value={fields.operator}
        options={comparisons.map((comparison) => ({ value: comparison.operator, label: comparison.words }))}
        onValue={set('operator')}
      />
      <TextField
        type={numeric ? 'number' : 'text'}
        step="any"
        label="Threshold"
        name="rule-threshold"
        required
        value={fields.value}
        onValue={set('value')}
      />
      <TextField
        type={numeric ? 'number' : 'text'}
        step="any"
        label={`Clears when ${comparisonWords(opposite[fields.operator])} (optional)`}
        name="rule-clear"
        aria-describedby="clear-hint"
        value={fields.clearValue}
        onValue={set('clearValue')}
      />
      <p id="clear-hint" class="hint">
        A gap between the two values keeps a reading hovering at the threshold from firing again and again.
      </p>
    </>
  );
}

function RangeFields(props: ConditionProps) {
  const { fields, set } = props;
  const number = { type: 'number', step: 'any' } as const;
  return (
    <>
      <ReadingField {...props} />
      <TextField
        {...number}
        label="Fires below"
        name="rule-low"
        required
        value={fields.low}
        onValue={set('low')}
      />
      <TextField
        {...number}
        label="or above"
        name="rule-high"
        required
        value={fields.high}
        onValue={set('high')}
      />
      <TextField
        {...number}
        label="Clears back inside from (optional)"
        name="rule-clear-low"
        aria-describedby="clear-range-hint"
        value={fields.clearLow}
        onValue={set('clearLow')}
      />
      <TextField
        {...number}
        label="up to (optional)"
        name="rule-clear-high"
        aria-describedby="clear-range-hint"
        value={fields.clearHigh}
        onValue={set('clearHigh')}
      />
      <p id="clear-range-hint" class="hint">
        A narrower range to clear in keeps a reading hovering at a limit from firing again and again.
      </p>
    </>
  );
}

const minSeverityOptions: readonly { readonly value: Severity; readonly label: string }[] = [
  { value: 'info', label: 'any severity' },
  { value: 'warning', label: 'warning or critical' },
  { value: 'critical', label: 'critical only' },
];

function EventFields({ fields, set }: ConditionProps) {
  const text = { autocapitalize: 'none', spellcheck: false } as const;
  return (
    <>
      <TextField
        {...text}
        label="Event name"
        name="rule-event"
        required
        maxLength={64}
        aria-describedby="event-hint"
        value={fields.eventName}
        onValue={set('eventName')}
      />
      <p id="event-hint" class="hint">
        As the device sends it (its manual or its maker names them: door-forced, leak, low-battery).
      </p>
      <SelectField
        label="Of severity"
        name="rule-min-severity"
        value={fields.minSeverity}
        options={minSeverityOptions}
        onValue={set('minSeverity')}
      />
      <TextField
        {...text}
        label="Resolved by the event (optional)"
        name="rule-clear-event"
        maxLength={64}
        aria-describedby="resolve-hint"
        value={fields.clearEvent}
        onValue={set('clearEvent')}
      />
      <TextField
        type="number"
        step="any"
        min={0}
        label="Resolved after (minutes, optional)"
        name="rule-resolve-after"
        aria-describedby="resolve-hint"
        value={fields.resolveAfterMinutes}
        onValue={set('resolveAfterMinutes')}
      />
      <p id="resolve-hint" class="hint">
        Name an event that ends it, a time after which it ends, or both: whichever comes first resolves it.
      </p>
    </>
  );
}

/** The fields of the chosen condition kind only, then how long and how severe. */
export function RuleConditionFields(props: ConditionProps) {
  const { fields, set } = props;
  return (
    <>
      {fields.kind === 'threshold' && <ThresholdFields {...props} />}
      {fields.kind === 'outside-range' && <RangeFields {...props} />}
      {(fields.kind === 'offline' || fields.kind === 'no-data') && (
        <TextField
          type="number"
          step="any"
          min={0}
          label={`${fields.kind === 'offline' ? 'Offline' : 'Sends nothing'} for at least (minutes)`}
          name="rule-minutes"
          required
          value={fields.minutes}
          onValue={set('minutes')}
        />
      )}
      {fields.kind === 'device-event' && <EventFields {...props} />}
      {isLasting(fields.kind) && (
        <TextField
          type="number"
          min={0}
          step={1}
          label="For at least (seconds)"
          name="rule-for"
          required
          value={fields.forSeconds}
          onValue={set('forSeconds')}
        />
      )}
      <SelectField<Severity>
        label="Severity"
        name="rule-severity"
        value={fields.severity}
        options={severities.map((severity) => ({ value: severity, label: severity }))}
        onValue={set('severity')}
      />
    </>
  );
}
