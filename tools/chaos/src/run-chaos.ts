import { setTimeout } from 'node:timers/promises';
import { sleep } from '@homeport/testing';
import { account, type Accounting } from './accounting';
import { startDeviceLoad, type DeviceLoad } from './device-load';
import { startEventTap, type EventTap } from './event-tap';
import { planFaults, type FaultKind } from './faults';
import { createLedger, type Ledger } from './ledger';
import { firstLine, startChaosPlatform, type ChaosPlatform } from './platform';
import { openChaosStores } from './stores';
import { readInTransit, type InTransit } from './transit';

/** Everything a run needs. */
export interface ChaosOptions {
  readonly devices: number;
  /** Messages per second, whole fleet. */
  readonly rate: number;
  readonly faults: readonly FaultKind[];
  /** Steady load before the first fault and after each one. */
  readonly pauseMs: number;
  /** How long a server stays down when restarted. */
  readonly outageMs: number;
  /** At most this long for the last PUBACKs and for storage to catch up. */
  readonly drainMs: number;
  readonly fanOutReplicas: number;
  readonly stateWorkers: number;
}

/** How one fault went. */
export interface FaultOutcome {
  readonly name: string;
  readonly effect?: string;
  /** From the fault until every process was ready again. */
  readonly recoveryMs: number;
  readonly error?: string;
}

/** The run's result. */
export interface ChaosResult {
  readonly accounting: Accounting;
  readonly faults: readonly FaultOutcome[];
  readonly counts: Ledger['counts'];
  readonly refusals: readonly string[];
  readonly selfExits: readonly string[];
  readonly processes: readonly string[];
  /** How the wait for storage ended; a loss with something still in transit may be late, not lost. */
  readonly drained: DrainOutcome;
}

/** A line of progress for the operator. */
export type ProgressLog = (line: string) => void;

/** Runs the platform, the load and the faults, then sets what was accepted against what was stored. */
export async function runChaos(
  options: ChaosOptions,
  log: ProgressLog,
  signal: AbortSignal,
): Promise<ChaosResult> {
  log(
    `starting broker-api, ${options.fanOutReplicas} fan-out, ${options.stateWorkers} state-workers, public-api`,
  );
  const platform = await startChaosPlatform(options);
  let tap: EventTap | undefined;
  let load: DeviceLoad | undefined;
  try {
    await platform.waitForReady(120_000);
    tap = await startEventTap(platform.resources);
    const ledger = createLedger();
    const phases = ['steady'];
    load = await startDeviceLoad({ ...platform, ...options, ledger, currentPhase: () => phases.length - 1 });
    log(`${options.devices} devices connected; publishing ${options.rate} msg/s`);
    const publishing = new AbortController();
    const running = load.run(options.rate, publishing.signal);
    const outcomes = await injectFaults(options, platform, phases, log, signal);
    publishing.abort();
    await running;
    log(`publishing stopped; waiting for ${load.outstanding()} PUBACKs and for storage to catch up`);
    const drained = await drain(load, platform, ledger, options.drainMs, log);
    const accounting = await observe(platform, load, tap, ledger, phases);
    return {
      ...{ accounting, faults: outcomes, counts: { ...ledger.counts }, refusals: ledger.refusals },
      ...{ selfExits: [...platform.selfExits], processes: platform.labels(), drained },
    };
  } finally {
    await load?.close();
    await tap?.close();
    await platform.close();
  }
}

async function injectFaults(
  options: ChaosOptions,
  platform: ChaosPlatform,
  phases: string[],
  log: ProgressLog,
  signal: AbortSignal,
): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  const faults = planFaults(options.faults, platform, options.outageMs);
  await pause(options.pauseMs, signal);
  for (const [index, fault] of faults.entries()) {
    if (signal.aborted) break;
    phases.push(fault.name);
    log(`fault ${index + 1}/${faults.length}: ${fault.name}`);
    const startedAt = performance.now();
    let error: string | undefined;
    try {
      await fault.inject();
      await platform.waitForReady(180_000);
    } catch (caught) {
      error = firstLine(caught);
      log(`  ${fault.name} failed: ${error}`);
    }
    const recoveryMs = performance.now() - startedAt;
    log(`  running again after ${(recoveryMs / 1000).toFixed(1)} s`);
    outcomes.push({
      name: fault.name,
      recoveryMs,
      ...(fault.effect ? { effect: fault.effect } : {}),
      ...(error ? { error } : {}),
    });
    await pause(options.pauseMs, signal);
  }
  return outcomes;
}

/** Waits, or less when the operator interrupts the run (it then drains and reports what it has). */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await setTimeout(ms, undefined, { signal }).catch(() => undefined);
}

/** With nothing left in transit, a store that stopped growing this long has nothing more on the way. */
const quietMs = 15_000;
/** Nothing stored and nothing moved in transit this long (twice the last retry delay): it is stuck. */
export const stuckMs = 60_000;

/** How the drain ended. */
export interface DrainOutcome {
  /** Every accepted point stored, or nothing in transit and nothing new stored for a while. */
  readonly settled: boolean;
  /** What is in transit stopped moving: it waits for something that does not come (counted lost). */
  readonly stuck: boolean;
  /** What was still in transit at the end (undefined: a server did not answer). */
  readonly inTransit: InTransit | undefined;
}

/** Waits for the last PUBACKs and every process, then until storage caught up or nothing is in transit. */
async function drain(
  load: DeviceLoad,
  platform: ChaosPlatform,
  ledger: Ledger,
  drainMs: number,
  log: ProgressLog,
): Promise<DrainOutcome> {
  const deadline = performance.now() + drainMs;
  await load.drain(drainMs);
  await platform.waitForReady(drainMs).catch((error: unknown) => {
    log(`  not every process is ready: ${firstLine(error)}`);
  });
  const stores = openChaosStores(platform.resources);
  const readTransit = () => readInTransit(platform.resources).catch(() => undefined);
  try {
    let [last, lastChangeAt] = ['', performance.now()];
    for (;;) {
      const stored = await stores.countPoints(load.vendorId);
      const inTransit = await readTransit();
      if (stored >= ledger.telemetry.length) return { settled: true, stuck: false, inTransit };
      const now = JSON.stringify([stored, inTransit]);
      if (now !== last) [last, lastChangeAt] = [now, performance.now()];
      const empty = inTransit !== undefined && inTransit.atBroker + inTransit.inRabbitMq === 0;
      const quietForMs = performance.now() - lastChangeAt;
      if (empty && quietForMs > quietMs) return { settled: true, stuck: false, inTransit };
      if (quietForMs > stuckMs) return { settled: false, stuck: true, inTransit };
      if (performance.now() > deadline) return { settled: false, stuck: false, inTransit };
      log(
        `  ${stored} of ${ledger.telemetry.length} accepted points stored; in transit: ` +
          (inTransit === undefined
            ? 'unknown'
            : `${inTransit.atBroker} at broker-api, ${inTransit.inRabbitMq} in RabbitMQ`),
      );
      await sleep(5000);
    }
  } finally {
    await stores.close();
  }
}

async function observe(
  platform: ChaosPlatform,
  load: DeviceLoad,
  tap: EventTap,
  ledger: Ledger,
  phases: readonly string[],
): Promise<Accounting> {
  // Events are published after the writes: give the last ones a moment to reach the tap.
  let received = -1;
  while (received !== tap.received()) {
    received = tap.received();
    await sleep(2000);
  }
  const stores = openChaosStores(platform.resources);
  try {
    return account({
      phases,
      ...{
        telemetry: ledger.telemetry,
        reportsPerPhase: ledger.reportsPerPhase,
        lastReports: ledger.lastReports,
      },
      storedPoints: await stores.readPointTimes(load.vendorId, load.deviceIds),
      telemetryEvents: tap.telemetryEvents,
      storedStates: await stores.readStates(load.vendorId),
      deadLetters: await tap.takeDeadLetters(),
    });
  } finally {
    await stores.close();
  }
}
