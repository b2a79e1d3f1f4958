import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { deviceLabel, type DeviceView } from '../devices/device-view';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { useSignedIn } from '../session/session-context';
import {
  automationKinds,
  settableFeatures,
  toAutomationRequest,
  type AutomationFields,
  type AutomationKind,
} from './automation-draft';

/** Creating an automation: when, which device, which of its product's features to set, and to what. */
export function AutomationForm(props: {
  readonly homeId: string;
  readonly devices: readonly DeviceView[];
  onCreated: () => void;
}) {
  const { homeId, devices, onCreated } = props;
  const { api } = useSignedIn();
  const first = devices[0];
  const initial: AutomationFields = {
    name: '',
    kind: 'home-empty',
    deviceId: first?.id ?? '',
    property: settableFeatures(first?.features ?? [])[0] ?? '',
    value: '',
    restore: false,
    withinMeters: '2000',
  };
  const [fields, setFields] = useState(initial);
  const set =
    <K extends keyof AutomationFields>(key: K) =>
    (value: AutomationFields[K]) => {
      setFields((current) => ({ ...current, [key]: value }));
    };
  const device = devices.find((candidate) => candidate.id === fields.deviceId);
  const features = settableFeatures(device?.features ?? []);
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/homes/{homeId}/automations', {
      params: { path: { homeId } },
      body: toAutomationRequest(fields),
    });
    if (answer.data === undefined) return describeProblem(answer.error, 'Check the fields and try again.');
    setFields(initial);
    onCreated();
    return undefined;
  });
  if (first === undefined) {
    return <p class="muted">Claim a device into this home first: automations set a device's state.</p>;
  }
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="new-automation">
      <h3 id="new-automation">New automation</h3>
      <TextField
        label="Name"
        name="automation-name"
        required
        maxLength={100}
        value={fields.name}
        onValue={set('name')}
      />
      <SelectField<AutomationKind>
        label="Runs"
        name="automation-kind"
        value={fields.kind}
        options={automationKinds}
        onValue={set('kind')}
      />
      {fields.kind === 'on-the-way-home' && (
        <TextField
          type="number"
          min={500}
          step={1}
          label="Within (metres of home)"
          name="automation-within"
          required
          value={fields.withinMeters}
          onValue={set('withinMeters')}
        />
      )}
      <SelectField
        label="Device"
        name="automation-device"
        value={fields.deviceId}
        options={devices.map((candidate) => ({ value: candidate.id, label: deviceLabel(candidate) }))}
        onValue={(deviceId) => {
          const next = devices.find((candidate) => candidate.id === deviceId);
          setFields((current) => ({
            ...current,
            deviceId,
            property: settableFeatures(next?.features ?? [])[0] ?? '',
          }));
        }}
      />
      {features.length === 0 ? (
        <p class="muted">This device&apos;s product has nothing an automation can set.</p>
      ) : (
        <SelectField
          label="Set"
          name="automation-property"
          value={fields.property}
          options={features.map((feature) => ({ value: feature, label: feature }))}
          onValue={set('property')}
        />
      )}
      <TextField
        label="To"
        name="automation-value"
        required
        aria-describedby="automation-value-hint"
        value={fields.value}
        onValue={set('value')}
      />
      <p id="automation-value-hint" class="hint">
        A number (a setpoint of 17), a word (mode eco), or on / off.
      </p>
      {fields.kind !== 'home-empty' && (
        <label class="switch">
          <input
            type="checkbox"
            name="automation-restore"
            checked={fields.restore}
            onChange={(event) => {
              set('restore')(event.currentTarget.checked);
            }}
          />
          Put back what the home had before it emptied
        </label>
      )}
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy || features.length === 0}>
        Create automation
      </button>
    </form>
  );
}
