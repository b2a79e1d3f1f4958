import type { DeviceCounters, DeviceSession } from './device-session';
import { createErrorLog, type ErrorLog } from './error-log';
import { connectFleet, provisionFleet, type FleetOptions } from './fleet';
import type { ClaimableDevice } from './provisioning';
import { runPublishLoop } from './publish-loop';
import { createRandom } from './random';

/** What to simulate, and against which platform. */
export interface SimulationOptions extends FleetOptions {
  /** Messages per second of each device. */
  readonly ratePerSecond: number;
  /** How long devices publish (Infinity: until `messagesPerDevice`). */
  readonly durationMs: number;
  /** Stop a device after this many scheduled messages (desired-state reports come on top). */
  readonly messagesPerDevice?: number;
  /** How long to wait for outstanding PUBACKs at the end; default 10 s. */
  readonly drainTimeoutMs?: number;
  /** How often `onProgress` is called; default 1 s. */
  readonly progressIntervalMs?: number;
  /** Told the provisioned devices and their claim codes before they connect (the CLI prints them). */
  readonly onProvisioned?: (devices: readonly ClaimableDevice[]) => Promise<void>;
}

/** Where a run is. */
export type SimulationPhase = 'provisioning' | 'connecting' | 'running' | 'draining' | 'done';

/** Counts over all devices, while running and at the end. */
export interface SimulationTotals {
  readonly devices: number;
  readonly provisioned: number;
  readonly published: number;
  /** PUBACKs received. */
  readonly acknowledged: number;
  /** Publishes that failed or were unacknowledged when the devices disconnected. */
  readonly failed: number;
  readonly desiredReceived: number;
  /** Desired states applied and reported back. */
  readonly desiredApplied: number;
  readonly errorCount: number;
}

/** Where a run is, shown while it runs. */
export interface SimulationProgress extends SimulationTotals {
  readonly phase: SimulationPhase;
  /** Since the run started. */
  readonly elapsedMs: number;
  /** Devices connected right now. */
  readonly connected: number;
}

/** The outcome of a run. */
export interface SimulationSummary extends SimulationTotals {
  readonly vendorId: string;
  readonly productId: string;
  readonly deviceIdPrefix: string;
  /** Devices whose session opened (connected and subscribed). */
  readonly connected: number;
  readonly perKind: { readonly reported: number; readonly telemetry: number };
  /** Connections that went away unasked (a broker refusing a publish closes the connection). */
  readonly connectionLosses: number;
  /** The first few error messages. */
  readonly errors: readonly string[];
  /** How long the devices published (ms). */
  readonly durationMs: number;
  /** From start to summary, provisioning and draining included (ms). */
  readonly totalMs: number;
  /** True when the signal ended the run before its time. */
  readonly stoppedEarly: boolean;
}

/** Sums the counters of every session, and counts the sessions connected right now. */
function addUp(sessions: readonly DeviceSession[]): DeviceCounters & { connectedNow: number } {
  const total = {
    ...{ published: 0, acknowledged: 0, failed: 0, reported: 0, telemetry: 0 },
    ...{ desiredReceived: 0, desiredApplied: 0, connectionLosses: 0, connectedNow: 0 },
  };
  for (const session of sessions) {
    for (const key of Object.keys(session.counters) as (keyof DeviceCounters)[]) {
      total[key] += session.counters[key];
    }
    if (session.isConnected()) total.connectedNow += 1;
  }
  return total;
}

/** What a run has so far. */
interface RunState {
  readonly startedAt: number;
  readonly sessions: DeviceSession[];
  readonly errors: ErrorLog;
  phase: SimulationPhase;
  provisioned: number;
  durationMs: number;
}

function totalsOf(options: SimulationOptions, run: RunState, sum: DeviceCounters): SimulationTotals {
  const { published, acknowledged, failed, desiredReceived, desiredApplied } = sum;
  return {
    devices: options.devices,
    provisioned: run.provisioned,
    ...{ published, acknowledged, failed, desiredReceived, desiredApplied },
    errorCount: run.errors.count,
  };
}

function progressOf(options: SimulationOptions, run: RunState): SimulationProgress {
  const sum = addUp(run.sessions);
  return {
    ...totalsOf(options, run, sum),
    phase: run.phase,
    elapsedMs: performance.now() - run.startedAt,
    connected: sum.connectedNow,
  };
}

function summaryOf(options: SimulationOptions, run: RunState): SimulationSummary {
  const sum = addUp(run.sessions);
  return {
    ...totalsOf(options, run, sum),
    vendorId: options.vendorId,
    productId: options.productId,
    deviceIdPrefix: options.deviceIdPrefix,
    connected: run.sessions.length,
    perKind: { reported: sum.reported, telemetry: sum.telemetry },
    connectionLosses: sum.connectionLosses,
    errors: [...run.errors.first],
    durationMs: Math.round(run.durationMs),
    totalMs: Math.round(performance.now() - run.startedAt),
    stoppedEarly: options.signal?.aborted === true,
  };
}

/**
 * Provisions `devices` thermostats through broker-api, connects them over MQTT, lets each publish reported
 * state and telemetry in turn at `ratePerSecond` for `durationMs`, applying and reporting back any desired
 * state that arrives; then waits (bounded) for outstanding PUBACKs, disconnects every device and answers the
 * summary. Failures of single devices are in the summary, never thrown.
 */
export async function runSimulation(
  options: SimulationOptions,
  onProgress?: (progress: SimulationProgress) => void,
): Promise<SimulationSummary> {
  const run: RunState = {
    startedAt: performance.now(),
    sessions: [],
    errors: createErrorLog(),
    phase: 'provisioning',
    provisioned: 0,
    durationMs: 0,
  };
  const enter = (phase: SimulationPhase) => {
    run.phase = phase;
    onProgress?.(progressOf(options, run));
  };
  const progressTimer = setInterval(
    () => onProgress?.(progressOf(options, run)),
    options.progressIntervalMs ?? 1000,
  );
  try {
    enter('provisioning');
    const devices = await provisionFleet(options, run.errors, () => (run.provisioned += 1));
    await options.onProvisioned?.(devices);
    enter('connecting');
    await connectFleet(devices, options, run.errors, run.sessions);
    enter('running');
    if (run.sessions.length > 0 && options.signal?.aborted !== true) {
      const random = createRandom(options.seed ?? 0);
      run.durationMs = await runPublishLoop(run.sessions, { ...options, random });
    }
  } finally {
    enter('draining');
    await Promise.all(run.sessions.map((session) => session.close(options.drainTimeoutMs ?? 10_000)));
    clearInterval(progressTimer);
    enter('done');
  }
  return summaryOf(options, run);
}
