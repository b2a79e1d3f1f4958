import type { LatencySummary } from './latency';

/** What runs the load: Mosquitto alone, Homeport in one process, or Homeport's services as processes. */
export type ModeName = 'baseline' | 'embedded' | 'distributed';

/** All modes, in the order they run (the baseline first). */
export const modeNames: readonly ModeName[] = ['baseline', 'embedded', 'distributed'];

/** One process (or server) over one step. */
export interface ProcessFigures {
  readonly name: string;
  /** Average CPU over the step, in % of one core. */
  readonly cpuPercent: number;
  /** Highest resident memory seen in the step's once-a-second samples. */
  readonly peakRssBytes: number;
}

/** One second of a step (rates are per second). */
export interface SecondRecord {
  /** Seconds since the step started. */
  readonly t: number;
  readonly phase: 'publishing' | 'grace';
  readonly published: number;
  readonly accepted: number;
  readonly processed: number;
  /** Accepted but not yet processed, since the step started. */
  readonly backlog: number;
  /** p99 of the step so far (bucket-interpolated, also for the baseline). */
  readonly p99SoFarMs: number | null;
}

/** One step: the fleet publishing at one total rate for a while, then a grace period to finish. */
export interface StepResult {
  /** `warm-up` (not judged), `step N` of a search, or `fixed`. */
  readonly label: string;
  /** Target rate, messages a second over the whole fleet. */
  readonly rate: number;
  /** How long the devices published. */
  readonly publishMs: number;
  /** Until processing caught up or the grace period ended. */
  readonly graceMs: number;
  /** Messages the schedule called for (rate × duration). */
  readonly attempted: number;
  readonly published: number;
  /** PUBACKs. */
  readonly accepted: number;
  readonly failed: number;
  /** Fully processed: stored and event emitted (Homeport), received by the subscriber (baseline). */
  readonly processed: number;
  readonly latency: LatencySummary;
  /** The latency per part (message type from the device's `ts`; `after receipt`: from broker-api's). */
  readonly latencyParts?: Readonly<Record<string, LatencySummary>>;
  readonly judged: boolean;
  readonly sustained: boolean;
  /** Why the step was not sustained. */
  readonly reasons: readonly string[];
  /** False when the previous step's backlog had not drained when this one started. */
  readonly startedDrained: boolean;
  readonly processes: readonly ProcessFigures[];
  readonly seconds: readonly SecondRecord[];
}

/** One mode's run. */
export interface ModeResult {
  readonly mode: ModeName;
  /** What ran: broker, services and their settings. */
  readonly setup: Readonly<Record<string, unknown>>;
  readonly devicesAsked: number;
  readonly devicesConnected: number;
  /** Highest sustained rate of the search (or the fixed rate when sustained); null when none was. */
  readonly highestSustainedRate: number | null;
  /** The fleet connected and publishing nothing (`--idle-seconds`); null when not measured. */
  readonly idle: StepResult | null;
  readonly steps: readonly StepResult[];
  /** broker-api's own count of device messages received over the mode (a cross-check of accepted). */
  readonly brokerReceived: number | null;
  /** First errors (device connects, publishes, a mode that failed to start). */
  readonly errors: readonly string[];
}

/** A mode's figures relative to the baseline's. */
export interface BaselineRatios {
  readonly mode: ModeName;
  /** Highest sustained rate / the baseline's. */
  readonly sustainedRate: number | null;
  /** p99 / the baseline's p99, at each rate both ran a judged step at. */
  readonly p99ByRate: Readonly<Record<string, number | null>>;
}

/** Everything one `npm run bench` measured: written as the JSON file. */
export interface BenchResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: string;
  readonly machine: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly modes: readonly ModeResult[];
  readonly ratiosToBaseline: readonly BaselineRatios[];
}
