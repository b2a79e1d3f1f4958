import type {
  AutomationAction,
  AutomationRequest,
  AutomationRunCause,
  AutomationRunChange,
  AutomationTrigger,
} from '@homeport/contracts';

/** A home's automation, as stored. */
export interface Automation extends AutomationRequest {
  readonly id: string;
  readonly homeId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A value a run sets or found. */
export type PropertyValue = AutomationRunChange['set'][string];

/** One device's part of a run: planned at its first attempt, its result written when it ends. */
export interface RunChange {
  readonly deviceId: string;
  readonly set: Readonly<Record<string, PropertyValue>>;
  readonly previous: Readonly<Record<string, PropertyValue>>;
  readonly result: AutomationRunChange['result'] | 'pending';
  readonly message: string | null;
}

/** A run of an automation, as its worker and its log see it. */
export interface AutomationRun {
  readonly id: string;
  readonly automationId: string;
  readonly automationName: string;
  readonly homeId: string;
  readonly cause: AutomationRunCause;
  readonly userId: string | null;
  /** The automation's actions when the run was recorded (a later edit does not change a recorded run). */
  readonly actions: readonly AutomationAction[];
  readonly restore: boolean;
  readonly status: 'pending' | 'succeeded' | 'failed';
  /** Attempts started, this one included once claimed. */
  readonly attempts: number;
  readonly lastError: string | null;
  /** Null until the first attempt captured the values found before. */
  readonly changes: readonly RunChange[] | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** Port: a home's automations (PostgreSQL), every call confined to one home. */
export interface AutomationStore {
  list(homeId: string): Promise<Automation[]>;
  find(homeId: string, automationId: string): Promise<Automation | undefined>;
  count(homeId: string): Promise<number>;
  insert(automation: Automation): Promise<void>;
  /** Resolves false when the automation is not the home's. */
  replace(automation: Automation): Promise<boolean>;
  remove(homeId: string, automationId: string): Promise<boolean>;
  /** The home's runs, newest first. */
  listRuns(homeId: string, limit: number): Promise<AutomationRun[]>;
}

/** Port: the runs waiting for the worker. */
export interface RunQueue {
  /**
   * Takes due runs, the oldest first and only the oldest pending one of a home (a home's runs apply in the
   * order they were recorded), each held for `leaseMs` (another replica, or this one after a crash, takes it
   * again once the lease ran out) and its attempt counted.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<AutomationRun[]>;
  /**
   * The values the home-empty runs of the home's last emptying before `run` found, by device: what a restore
   * puts back.
   */
  capturedBeforeEmpty(
    run: Pick<AutomationRun, 'homeId' | 'id'>,
  ): Promise<ReadonlyMap<string, Readonly<Record<string, PropertyValue>>>>;
  /** Keeps the plan of the run's first attempt, before anything is set. */
  savePlan(runId: string, changes: readonly RunChange[]): Promise<void>;
  finish(runId: string, outcome: RunOutcome, at: number): Promise<void>;
  retryLater(runId: string, error: string, at: number): Promise<void>;
}

/** Port: the run log's retention. */
export interface RunLog {
  /**
   * Deletes up to `limit` runs finished before `before` (epoch ms), never the newest run of an automation:
   * a restore reads the last emptying's runs, and "on the way home" its runs of the current trip.
   */
  deleteFinishedBefore(before: number, limit: number): Promise<number>;
}

/** How a run ended. */
export interface RunOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly changes: readonly RunChange[];
  readonly lastError: string | null;
}

/** A device as broker-api has it: its home and its desired and reported state. */
export interface DeviceStates {
  readonly homeId: string | null;
  readonly desired: Readonly<Record<string, unknown>>;
  readonly reported: Readonly<Record<string, unknown>>;
}

/** Port: devices' desired state (broker-api's internal API): offline devices get it when they reconnect. */
export interface DesiredStates {
  /** The device, or undefined when there is no such device. */
  read(deviceId: string): Promise<DeviceStates | undefined>;
  /** Merges `patch` into the desired state; AppError not_found or invalid when refused, unavailable else. */
  merge(deviceId: string, patch: Readonly<Record<string, PropertyValue>>): Promise<void>;
}

/** Which trigger an occupancy change fires. */
export function triggerOf(occupied: boolean): AutomationTrigger {
  return occupied ? 'first-arrival' : 'home-empty';
}
