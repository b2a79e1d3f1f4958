import { useState } from 'preact/hooks';
import './notifications.css';
import { describeProblem, takeData } from '../api/console-api';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { channelLabels, notificationChannels, preferenceCategories } from './notification-labels';
import {
  fromPreferencesForm,
  toggleChannel,
  toPreferencesForm,
  type PreferencesForm,
} from './preferences-form';

/** A labelled checkbox. */
function Checkbox(props: {
  readonly label: string;
  readonly checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label class="checkbox">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => {
          props.onChange(event.currentTarget.checked);
        }}
      />
      {props.label}
    </label>
  );
}

/** The settings switched on and off, each with its times (kept in the form while off). */
const switchedSettings = [
  {
    legend: 'Quiet hours',
    label: 'Hold notifications at night (critical alerts still come)',
    switch: 'quietHoursOn',
    times: [
      { key: 'quietFrom', label: 'From' },
      { key: 'quietTo', label: 'To' },
    ],
  },
  {
    legend: 'Daily digest',
    label: 'Gather information notices into one message a day',
    switch: 'digestOn',
    times: [{ key: 'digestAt', label: 'At' }],
  },
] as const;

/** The form: the channels of each category, quiet hours, the digest; saved with one PUT. */
function PreferencesEditor({ initial }: { readonly initial: PreferencesForm }) {
  const { api } = useSignedIn();
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState(false);
  const change = (next: PreferencesForm) => {
    setSaved(false);
    setForm(next);
  };
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.PUT('/v1/account/notifications/preferences', {
      body: fromPreferencesForm(form),
    });
    if (answer.data === undefined)
      return describeProblem(answer.error, 'Check the times (HH:MM) and save again.');
    setForm(toPreferencesForm(answer.data));
    setSaved(true);
    return undefined;
  });
  return (
    <form class="preferences" onSubmit={submit} aria-label="Notification preferences">
      {preferenceCategories.map((category) => (
        <fieldset key={category.id} class="choices">
          <legend>{category.label}</legend>
          <p class="hint">{category.hint}</p>
          {notificationChannels.map((channel) => (
            <Checkbox
              key={channel}
              label={channelLabels[channel]}
              checked={form.channels[category.id].includes(channel)}
              onChange={(on) => {
                change(toggleChannel(form, category.id, channel, on));
              }}
            />
          ))}
        </fieldset>
      ))}
      {switchedSettings.map((setting) => (
        <fieldset key={setting.legend} class="choices">
          <legend>{setting.legend}</legend>
          <Checkbox
            label={setting.label}
            checked={form[setting.switch]}
            onChange={(on) => {
              change({ ...form, [setting.switch]: on });
            }}
          />
          {form[setting.switch] && (
            <div class="time-range">
              {setting.times.map((time) => (
                <TextField
                  key={time.key}
                  label={time.label}
                  type="time"
                  name={time.key}
                  required
                  value={form[time.key]}
                  onValue={(value) => {
                    change({ ...form, [time.key]: value });
                  }}
                />
              ))}
            </div>
          )}
        </fieldset>
      ))}
      <p class="hint">
        Times are in your account's time zone. Account emails (confirmation, password) always come.
      </p>
      <FormProblem problem={problem} />
      {saved && <p role="status">Preferences saved.</p>}
      <button type="submit" disabled={busy}>
        Save preferences
      </button>
    </form>
  );
}

/** Which channels each kind of notification goes by, quiet hours and the digest (kept by notifications). */
export function PreferencesPanel() {
  const { api } = useSignedIn();
  const { state, reload } = useLoaded('notification-preferences', async () =>
    toPreferencesForm(
      takeData(await api.GET('/v1/account/notifications/preferences'), 'Reload the page to try again.'),
    ),
  );
  return (
    <section class="panel" aria-labelledby="notification-preferences-title">
      <h2 id="notification-preferences-title">Notifications</h2>
      {state.status === 'loading' && <Loading what="your notification preferences" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && <PreferencesEditor initial={state.value} />}
    </section>
  );
}
