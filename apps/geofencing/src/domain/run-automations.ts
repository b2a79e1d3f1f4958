import { isAppError } from '@homeport/errors';
import type {
  AutomationRun,
  DesiredStates,
  PropertyValue,
  RunChange,
  RunOutcome,
  RunQueue,
} from './automations';

/** The worker's settings. */
export interface RunWorkerSettings {
  /** How long a claimed run is this worker's before another may take it (a crash in between). */
  readonly leaseMs: number;
  /** Delay before each retry; past the last, the run has failed. */
  readonly retryDelaysMs: readonly number[];
  readonly batchSize: number;
}

const isScalar = (value: unknown): value is PropertyValue =>
  typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';

/**
 * One round of the automation worker: takes due runs and applies each through the devices' desired state.
 * The first attempt captures the values found before (desired, else reported) and keeps the plan before
 * setting anything, so a retry after a crash sets the same values and does not capture its own. A device
 * gone from the home or refusing a value is a result of the run; broker-api away is retried with backoff.
 * Resolves with the number of runs taken.
 */
export function createRunWorker(deps: {
  readonly runs: RunQueue;
  readonly devices: DesiredStates;
  readonly settings: RunWorkerSettings;
  readonly now: () => number;
  readonly onRunEnded: (run: AutomationRun, outcome: RunOutcome | { readonly retry: string }) => void;
}) {
  const { runs, devices, settings, now } = deps;

  async function planChanges(run: AutomationRun): Promise<RunChange[]> {
    const captured = run.restore
      ? await runs.capturedBeforeEmpty(run)
      : new Map<string, Readonly<Record<string, PropertyValue>>>();
    const changes: RunChange[] = [];
    for (const action of run.actions) {
      const set = { ...action.set, ...captured.get(action.deviceId) };
      const device = await devices.read(action.deviceId);
      const previous: Record<string, PropertyValue> = {};
      for (const name of Object.keys(set)) {
        const value = device?.desired[name] ?? device?.reported[name];
        if (isScalar(value)) previous[name] = value;
      }
      const gone = device === undefined || device.homeId !== run.homeId;
      changes.push({
        deviceId: action.deviceId,
        set,
        previous,
        result: gone ? 'device-not-found' : 'pending',
        message: gone ? 'the device is no longer in this home' : null,
      });
    }
    return changes;
  }

  async function apply(change: RunChange): Promise<RunChange> {
    if (change.result !== 'pending' && change.result !== 'applied') return change;
    if (Object.keys(change.set).length === 0) return { ...change, result: 'applied' };
    try {
      await devices.merge(change.deviceId, change.set);
      return { ...change, result: 'applied', message: null };
    } catch (error) {
      if (!isAppError(error) || (error.kind !== 'not_found' && error.kind !== 'invalid')) throw error;
      const result = error.kind === 'not_found' ? 'device-not-found' : 'refused';
      return { ...change, result, message: error.message };
    }
  }

  async function execute(run: AutomationRun): Promise<void> {
    try {
      let plan = run.changes;
      if (plan === null) {
        plan = await planChanges(run);
        await runs.savePlan(run.id, plan);
      }
      const changes: RunChange[] = [];
      for (const change of plan) changes.push(await apply(change));
      const failed = changes.filter((change) => change.result !== 'applied');
      const outcome: RunOutcome = {
        status: failed.length === 0 ? 'succeeded' : 'failed',
        changes,
        lastError: failed.length === 0 ? null : failed.map((c) => `${c.deviceId}: ${c.result}`).join('; '),
      };
      await runs.finish(run.id, outcome, now());
      deps.onRunEnded(run, outcome);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delayMs = settings.retryDelaysMs[run.attempts - 1];
      if (delayMs === undefined) {
        const outcome: RunOutcome = { status: 'failed', changes: run.changes ?? [], lastError: message };
        await runs.finish(run.id, outcome, now());
        deps.onRunEnded(run, outcome);
        return;
      }
      await runs.retryLater(run.id, message, now() + delayMs);
      deps.onRunEnded(run, { retry: message });
    }
  }

  return async (): Promise<number> => {
    const due = await runs.claimDue(now(), settings.leaseMs, settings.batchSize);
    // One run at a time: a home's runs are claimed one by one anyway, and broker-api is not to be flooded.
    for (const run of due) await execute(run);
    return due.length;
  };
}
