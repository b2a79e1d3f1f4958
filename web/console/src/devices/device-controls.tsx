import { useRef, useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { useSignedIn } from '../session/session-context';
import type { DeviceView } from './device-view';

/** Thermostat modes the mode selector offers (the simulator's and the usual ones). */
const modes = ['off', 'heat', 'cool', 'auto', 'eco'];
const setpointRange = { min: 5, max: 30, step: 0.5 };

type Desired = DeviceView['desired'];

/** The value a control shows: the one being sent, else the desired one, else what the device reports. */
function shownValue(device: DeviceView, pending: Record<string, unknown>, name: string): unknown {
  if (name in pending) return pending[name];
  return device.desired.state[name] ?? device.reported?.state[name];
}

/**
 * Controls for the features of the device's product that people set: a setpoint slider, a mode selector,
 * a power switch. A change shows at once (optimistic) and is sent as a desired-state merge patch at the
 * version last read; when public-api refuses it, the control goes back and says why.
 */
export function DeviceControls(props: {
  readonly device: DeviceView;
  onDesired: (desired: Desired) => void;
}) {
  const { device, onDesired } = props;
  const { api } = useSignedIn();
  const [pending, setPending] = useState<Record<string, unknown>>({});
  const [problem, setProblem] = useState<string>();
  const version = useRef(device.desired.version);
  version.current = Math.max(version.current, device.desired.version);
  // One patch at a time: each is sent at the version the previous one made.
  const queue = useRef(Promise.resolve());

  const settle = (name: string) => {
    setPending(({ [name]: _settled, ...others }) => others);
  };
  const change = (name: string, value: unknown) => {
    setPending((current) => ({ ...current, [name]: value }));
    setProblem(undefined);
    queue.current = queue.current.then(async () => {
      const answer = await api
        .PATCH('/v1/devices/{deviceId}/desired', {
          params: { path: { deviceId: device.id }, header: { 'if-match': `"${version.current}"` } },
          body: { [name]: value },
          headers: { 'content-type': 'application/merge-patch+json' },
        })
        .catch((error: unknown) => ({ data: undefined, error }));
      if (answer.data !== undefined) {
        version.current = answer.data.version;
        onDesired({
          state: answer.data.state,
          version: answer.data.version,
          updatedAt: answer.data.updatedAt,
        });
      } else {
        setProblem(
          `${name} was not changed: ${describeProblem(answer.error, 'Reload the page and try again.')}`,
        );
      }
      settle(name);
    });
  };

  const features = device.features;
  const setpoint = Number(shownValue(device, pending, 'setpoint') ?? setpointRange.min);
  const mode = shownValue(device, pending, 'mode');
  const power = shownValue(device, pending, 'power');
  const controlled = ['setpoint', 'mode', 'power'].filter((name) => features.includes(name));
  if (controlled.length === 0) return <p class="muted">This device has no settings to change.</p>;
  return (
    <section class="panel controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Settings</h2>
      {features.includes('setpoint') && (
        <label class="slider">
          Setpoint
          <input
            type="range"
            name="setpoint"
            {...setpointRange}
            value={setpoint}
            aria-valuetext={`${setpoint} °C`}
            onChange={(event) => {
              change('setpoint', Number(event.currentTarget.value));
            }}
          />
          <output data-control="setpoint">{setpoint} °C</output>
        </label>
      )}
      {features.includes('mode') && (
        <label>
          Mode
          <select
            name="mode"
            value={typeof mode === 'string' ? mode : ''}
            onChange={(event) => {
              change('mode', event.currentTarget.value);
            }}
          >
            {[...new Set([...(typeof mode === 'string' ? [mode] : []), ...modes])].map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      )}
      {features.includes('power') && (
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            name="power"
            checked={power === true}
            onChange={(event) => {
              change('power', event.currentTarget.checked);
            }}
          />
          Power
        </label>
      )}
      {Object.keys(pending).length > 0 && <p role="status">Sending…</p>}
      {problem !== undefined && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
