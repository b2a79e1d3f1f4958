import type { AutomationAction } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type {
  AutomationRun,
  DesiredStates,
  DeviceStates,
  RunChange,
  RunOutcome,
  RunQueue,
} from './automations';
import { createRunWorker } from './run-automations';

const homeId = '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30';

/** One run waiting, in memory: what the worker saved of it. */
function createQueue(run: AutomationRun) {
  let current = run;
  const saved: { plan?: readonly RunChange[]; outcome?: RunOutcome; retryAt?: number } = {};
  const queue: RunQueue = {
    claimDue: () => {
      if (current.status !== 'pending') return Promise.resolve([]);
      current = { ...current, attempts: current.attempts + 1 };
      return Promise.resolve([current]);
    },
    capturedBeforeEmpty: () => Promise.resolve(new Map([['thermo', { setpoint: 21 }]])),
    savePlan: (_id, plan) => {
      saved.plan = plan;
      current = { ...current, changes: plan };
      return Promise.resolve();
    },
    finish: (_id, outcome) => {
      saved.outcome = outcome;
      current = { ...current, status: outcome.status };
      return Promise.resolve();
    },
    retryLater: (_id, _error, at) => {
      saved.retryAt = at;
      return Promise.resolve();
    },
  };
  return { queue, saved };
}

/** broker-api as seen through the port: devices in homes, a value it refuses, or away altogether. */
function createDevices(devices: Record<string, DeviceStates>, options: { away?: boolean } = {}) {
  const merged: [string, unknown][] = [];
  const port: DesiredStates = {
    read: (deviceId) => {
      if (options.away) return Promise.reject(new AppError('unavailable', 'BROKER_API_UNAVAILABLE', 'away'));
      return Promise.resolve(devices[deviceId]);
    },
    merge: (deviceId, patch) => {
      if (patch['mode'] === 'turbo')
        return Promise.reject(new AppError('invalid', 'STATE_INVALID', 'no turbo'));
      merged.push([deviceId, patch]);
      return Promise.resolve();
    },
  };
  return { port, merged };
}

const runOf = (fields: Partial<AutomationRun>): AutomationRun => ({
  id: 'run-1',
  automationId: 'automation-1',
  automationName: 'Eco',
  homeId,
  cause: 'home-empty',
  userId: null,
  actions: [{ deviceId: 'thermo', set: { setpoint: 17 } }],
  restore: false,
  status: 'pending',
  attempts: 0,
  lastError: null,
  changes: null,
  createdAt: 0,
  finishedAt: null,
  ...fields,
});

const settings = { leaseMs: 1000, retryDelaysMs: [100, 200], batchSize: 10 };
const thermostat: DeviceStates = {
  homeId,
  desired: { setpoint: 21 },
  reported: { setpoint: 20, mode: 'eco' },
};

describe('the automation worker', () => {
  it('captures the values found before, then sets the new ones', async () => {
    const { queue, saved } = createQueue(runOf({}));
    const devices = createDevices({ thermo: thermostat });
    await createRunWorker({
      runs: queue,
      devices: devices.port,
      settings,
      now: () => 0,
      onRunEnded: () => {},
    })();
    expect(saved.plan).toEqual([
      {
        deviceId: 'thermo',
        set: { setpoint: 17 },
        previous: { setpoint: 21 },
        result: 'pending',
        message: null,
      },
    ]);
    expect(devices.merged).toEqual([['thermo', { setpoint: 17 }]]);
    expect(saved.outcome?.status).toBe('succeeded');
  });

  it('a restore puts back what the emptying found; a device moved to another home and a refused value are results, not retries', async () => {
    const actions: AutomationAction[] = [
      { deviceId: 'thermo', set: {} },
      { deviceId: 'moved', set: { on: true } },
      { deviceId: 'fan', set: { mode: 'turbo' } },
    ];
    const { queue, saved } = createQueue(runOf({ cause: 'first-arrival', restore: true, actions }));
    const devices = createDevices({
      thermo: thermostat,
      moved: { ...thermostat, homeId: 'another-home' },
      fan: { ...thermostat },
    });
    await createRunWorker({
      runs: queue,
      devices: devices.port,
      settings,
      now: () => 0,
      onRunEnded: () => {},
    })();
    expect(devices.merged).toEqual([['thermo', { setpoint: 21 }]]);
    expect(saved.outcome?.changes.map((change) => change.result)).toEqual([
      'applied',
      'device-not-found',
      'refused',
    ]);
    expect(saved.outcome).toMatchObject({
      status: 'failed',
      lastError: 'moved: device-not-found; fan: refused',
    });
  });

  it('broker-api away: retried after each delay, then failed with the reason', async () => {
    const { queue, saved } = createQueue(runOf({}));
    const devices = createDevices({ thermo: thermostat }, { away: true });
    const ended: string[] = [];
    const round = createRunWorker({
      runs: queue,
      devices: devices.port,
      settings,
      now: () => 1000,
      onRunEnded: (_run, outcome) => ended.push('retry' in outcome ? 'retried' : outcome.status),
    });
    await round();
    expect(saved.retryAt).toBe(1100);
    await round();
    expect(saved.retryAt).toBe(1200);
    await round();
    expect(ended).toEqual(['retried', 'retried', 'failed']);
    expect(saved.outcome).toMatchObject({ status: 'failed', lastError: 'away' });
  });
});
