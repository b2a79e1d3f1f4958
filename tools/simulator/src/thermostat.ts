import type { DesiredStatePayload, ReportedStatePayload, TelemetryPayload } from '@homeport/contracts';
import { createRandom, type Random } from './random';

/** Operating modes; `eco` heats to 2 °C below the setpoint, `auto` heats or cools as needed. */
export const thermostatModes = ['off', 'heat', 'cool', 'auto', 'eco'] as const;
/** An operating mode. */
export type ThermostatMode = (typeof thermostatModes)[number];

/** What the thermostat is and measures right now (true values, before sensor noise). */
export interface ThermostatState {
  readonly temperature: number;
  readonly setpoint: number;
  readonly mode: ThermostatMode;
  readonly humidity: number;
  readonly battery: number;
  readonly heating: boolean;
  readonly cooling: boolean;
}

/** What applying one desired-state document did. */
export interface DesiredOutcome {
  /** False when its version is not newer than the last one applied (a retained copy seen again). */
  readonly fresh: boolean;
  /** Properties taken over (setpoint, mode). */
  readonly applied: readonly string[];
  /** Properties with a value the thermostat cannot take (e.g. a setpoint of 80 °C); unknown ones are ignored. */
  readonly rejected: readonly string[];
}

/** One simulated thermostat: deterministic for a seed and a sequence of times. */
export interface Thermostat {
  readonly state: ThermostatState;
  /** Version of the last desired state applied; 0 before any. */
  readonly desiredVersion: number;
  /** Runs the physics up to `nowMs` (epoch ms); an earlier time changes nothing. */
  advanceTo(nowMs: number): void;
  applyDesired(desired: DesiredStatePayload): DesiredOutcome;
  /** The next reported-state message at `nowMs` (seq and ts increase with every message). */
  nextReported(nowMs: number): ReportedStatePayload;
  /** The next telemetry message at `nowMs`. */
  nextTelemetry(nowMs: number): TelemetryPayload;
}

const firmware = '2.4.1';
const ambientCelsius = 15;
const heatingCelsiusPerSecond = 0.02;
const coolingCelsiusPerSecond = 0.015;
const ambientPullPerSecond = 0.0005;
const hysteresisCelsius = 0.25;
const ecoOffsetCelsius = 2;
const setpointRange = { min: 5, max: 35 };
const batteryDrainPerSecond = 0.0005;
const batteryDrainPerMessage = 0.001;
/** Physics steps are at most 1 s; after a long gap only its last hour is simulated. */
const maxStepMs = 1000;
const maxGapMs = 3600_000;

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function isMode(value: unknown): value is ThermostatMode {
  return typeof value === 'string' && (thermostatModes as readonly string[]).includes(value);
}

/** The physics of `seconds` (at most ~1): heating or cooling with hysteresis, heat loss, sensor drift. */
function stepPhysics(state: ThermostatState, seconds: number, random: Random): ThermostatState {
  const { mode, setpoint } = state;
  let { temperature, heating, cooling } = state;
  const heatTarget = mode === 'eco' ? setpoint - ecoOffsetCelsius : setpoint;
  const mayHeat = mode === 'heat' || mode === 'auto' || mode === 'eco';
  const mayCool = mode === 'cool' || mode === 'auto';
  // Hysteresis: on below target - h, off above target + h, as real thermostats switch.
  if (!mayHeat) heating = false;
  else if (temperature < heatTarget - hysteresisCelsius) heating = true;
  else if (temperature > heatTarget + hysteresisCelsius) heating = false;
  if (!mayCool) cooling = false;
  else if (temperature > setpoint + hysteresisCelsius) cooling = true;
  else if (temperature < setpoint - hysteresisCelsius) cooling = false;
  temperature += (ambientCelsius - temperature) * ambientPullPerSecond * seconds;
  if (heating) temperature += heatingCelsiusPerSecond * seconds;
  if (cooling) temperature -= coolingCelsiusPerSecond * seconds;
  temperature += random.gaussian(0.005 * Math.sqrt(seconds));
  // Humidity wanders around 45 % and drops a little while heating.
  const humidityPull = (45 - state.humidity) * 0.01 * seconds - (heating ? 0.01 * seconds : 0);
  const humidity = clamp(state.humidity + humidityPull + random.gaussian(0.05 * Math.sqrt(seconds)), 20, 80);
  const battery = Math.max(0, state.battery - batteryDrainPerSecond * seconds);
  return { ...state, temperature, heating, cooling, humidity, battery };
}

/** Takes the setpoint and mode of a desired state when their values are possible; ignores other properties. */
function takeDesired(
  state: ThermostatState,
  desired: Readonly<Record<string, unknown>>,
): { state: ThermostatState; applied: string[]; rejected: string[] } {
  const applied: string[] = [];
  const rejected: string[] = [];
  let next = state;
  const { setpoint, mode } = desired;
  if (setpoint !== undefined) {
    const valid =
      typeof setpoint === 'number' && setpoint >= setpointRange.min && setpoint <= setpointRange.max;
    if (valid) next = { ...next, setpoint: Math.round(setpoint * 2) / 2 };
    (valid ? applied : rejected).push('setpoint');
  }
  if (mode !== undefined) {
    if (isMode(mode)) next = { ...next, mode };
    (isMode(mode) ? applied : rejected).push('mode');
  }
  return { state: next, applied, rejected };
}

function initialState(random: Random): ThermostatState {
  return {
    temperature: random.between(17, 23),
    setpoint: [19, 20, 21, 22][Math.floor(random.next() * 4)] ?? 21,
    mode: random.next() < 0.8 ? 'heat' : 'auto',
    humidity: random.between(35, 50),
    battery: random.between(55, 100),
    heating: false,
    cooling: false,
  };
}

/** Creates a thermostat whose starting values and noise come from `seed`, with its clock at `startMs`. */
export function createThermostat(options: { seed: number; startMs: number }): Thermostat {
  const random = createRandom(options.seed);
  let state = initialState(random);
  let clockMs = options.startMs;
  let seq = 0;
  let lastTs = 0;
  let desiredVersion = 0;
  let rssi = Math.round(random.between(-80, -50));

  const advanceTo = (nowMs: number): void => {
    for (let fromMs = Math.max(clockMs, nowMs - maxGapMs); fromMs < nowMs; fromMs += maxStepMs) {
      state = stepPhysics(state, Math.min(maxStepMs, nowMs - fromMs) / 1000, random);
    }
    clockMs = Math.max(clockMs, nowMs);
  };

  /** Advances, spends a little battery, and gives the next seq and a ts later than every earlier one. */
  const stamp = (nowMs: number): { seq: number; ts: number } => {
    advanceTo(nowMs);
    state = { ...state, battery: Math.max(0, state.battery - batteryDrainPerMessage) };
    seq += 1;
    lastTs = Math.max(Math.round(nowMs), lastTs + 1);
    return { seq, ts: lastTs };
  };

  return {
    get state() {
      return state;
    },
    get desiredVersion() {
      return desiredVersion;
    },
    advanceTo,
    applyDesired(desired) {
      if (desired.version <= desiredVersion) return { fresh: false, applied: [], rejected: [] };
      desiredVersion = desired.version;
      const outcome = takeDesired(state, desired.state);
      state = outcome.state;
      return { fresh: true, applied: outcome.applied, rejected: outcome.rejected };
    },
    nextReported(nowMs) {
      const stamped = stamp(nowMs);
      const { temperature, setpoint, mode, humidity, battery, heating, cooling } = state;
      const reading = round(temperature + random.gaussian(0.03), 1);
      return {
        ...stamped,
        state: {
          temperature: reading,
          setpoint,
          mode,
          humidity: Math.round(humidity),
          battery: Math.floor(battery),
          heating,
          cooling,
          firmware,
          desiredVersion,
        },
      };
    },
    nextTelemetry(nowMs) {
      const stamped = stamp(nowMs);
      rssi = clamp(rssi + Math.round(random.gaussian(1)), -95, -40);
      const { temperature, setpoint, humidity, battery, heating, cooling } = state;
      const powerWatts = heating || cooling ? round(2.4 + random.gaussian(0.05), 2) : 0.05;
      return {
        ...stamped,
        metrics: {
          temperature: round(temperature + random.gaussian(0.03), 2),
          humidity: round(humidity, 1),
          battery: round(battery, 2),
          setpoint,
          heating,
          cooling,
          powerWatts,
          rssiDbm: rssi,
        },
      };
    },
  };
}
