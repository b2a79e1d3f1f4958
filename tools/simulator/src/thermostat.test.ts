import { compileValidator, ReportedStatePayload, TelemetryPayload } from '@homeport/contracts';
import { createThermostat } from './thermostat';

const startMs = Date.UTC(2026, 0, 1);
const reportedValidator = compileValidator(ReportedStatePayload);
const telemetryValidator = compileValidator(TelemetryPayload);

/** A minute of messages, one per second, alternating reported state and telemetry. */
function runForAMinute(seed: number): unknown[] {
  const thermostat = createThermostat({ seed, startMs });
  return Array.from({ length: 60 }, (_, second) =>
    second % 2 === 0
      ? thermostat.nextReported(startMs + second * 1000)
      : thermostat.nextTelemetry(startMs + second * 1000),
  );
}

describe('the simulated thermostat', () => {
  it('with the same seed it says the same things, with another seed other things', () => {
    expect(runForAMinute(7)).toEqual(runForAMinute(7));
    expect(runForAMinute(8)).not.toEqual(runForAMinute(7));
  });

  it('its reported state and telemetry validate against the contracts and are about 200 bytes each', () => {
    const thermostat = createThermostat({ seed: 1, startMs });
    const reported = thermostat.nextReported(startMs);
    const telemetry = thermostat.nextTelemetry(startMs + 500);
    expect(reportedValidator.explain(reported)).toEqual([]);
    expect(telemetryValidator.explain(telemetry)).toEqual([]);
    for (const payload of [reported, telemetry]) {
      expect(JSON.stringify(payload).length).toBeGreaterThan(150);
      expect(JSON.stringify(payload).length).toBeLessThan(260);
    }
    expect(Object.keys(reported.state)).toEqual(
      expect.arrayContaining(['temperature', 'setpoint', 'mode', 'humidity', 'battery']),
    );
  });

  it('seq increases with every message of either kind, and ts never repeats even within one millisecond', () => {
    const thermostat = createThermostat({ seed: 2, startMs });
    const messages = [
      thermostat.nextReported(startMs),
      thermostat.nextTelemetry(startMs),
      thermostat.nextTelemetry(startMs),
      thermostat.nextReported(startMs + 1000),
    ];
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
    expect(messages.map((message) => message.ts)).toEqual([
      startMs,
      startMs + 1,
      startMs + 2,
      startMs + 1000,
    ]);
  });

  it('in heat mode a cold room warms up toward the setpoint and then stays near it', () => {
    const thermostat = createThermostat({ seed: 3, startMs });
    thermostat.applyDesired({ version: 1, state: { mode: 'heat', setpoint: 30 }, updatedAt: startMs });
    const before = thermostat.state.temperature;
    thermostat.advanceTo(startMs + 60_000);
    expect(thermostat.state.heating).toBe(true);
    expect(thermostat.state.temperature).toBeGreaterThan(before + 0.8);
    thermostat.advanceTo(startMs + 3600_000);
    expect(Math.abs(thermostat.state.temperature - 30)).toBeLessThan(0.6);
  });

  it('switched off, the room cools toward the outside and the heating stays off', () => {
    const thermostat = createThermostat({ seed: 4, startMs });
    thermostat.applyDesired({ version: 1, state: { mode: 'off' }, updatedAt: startMs });
    const before = thermostat.state.temperature;
    thermostat.advanceTo(startMs + 3600_000);
    expect(thermostat.state.heating).toBe(false);
    expect(thermostat.state.temperature).toBeLessThan(before - 0.5);
  });

  it('the battery drains slowly and humidity stays plausible', () => {
    const thermostat = createThermostat({ seed: 5, startMs });
    const before = thermostat.state.battery;
    thermostat.advanceTo(startMs + 3600_000);
    expect(thermostat.state.battery).toBeLessThan(before);
    expect(thermostat.state.battery).toBeGreaterThan(before - 5);
    expect(thermostat.state.humidity).toBeGreaterThanOrEqual(20);
    expect(thermostat.state.humidity).toBeLessThanOrEqual(80);
  });

  it('a desired setpoint and mode are applied once, reported back, and an older version changes nothing', () => {
    const thermostat = createThermostat({ seed: 6, startMs });
    const outcome = thermostat.applyDesired({
      version: 3,
      state: { setpoint: 19.5, mode: 'eco', colour: 'red' },
      updatedAt: startMs,
    });
    expect(outcome).toEqual({ fresh: true, applied: ['setpoint', 'mode'], rejected: [] });
    expect(thermostat.nextReported(startMs).state).toMatchObject({
      setpoint: 19.5,
      mode: 'eco',
      desiredVersion: 3,
    });
    const stale = thermostat.applyDesired({ version: 2, state: { setpoint: 25 }, updatedAt: startMs });
    expect(stale.fresh).toBe(false);
    expect(thermostat.state.setpoint).toBe(19.5);
  });

  it('a setpoint out of range or an unknown mode is rejected and the old value kept', () => {
    const thermostat = createThermostat({ seed: 7, startMs });
    const { setpoint, mode } = thermostat.state;
    const outcome = thermostat.applyDesired({
      version: 1,
      state: { setpoint: 80, mode: 'turbo' },
      updatedAt: startMs,
    });
    expect(outcome).toEqual({ fresh: true, applied: [], rejected: ['setpoint', 'mode'] });
    expect(thermostat.state).toMatchObject({ setpoint, mode });
  });
});
