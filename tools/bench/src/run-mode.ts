import { connectGenerator, type LoadGenerator } from './generator';
import { startBaseline } from './modes/baseline';
import { startDistributed } from './modes/distributed';
import { startEmbedded } from './modes/embedded';
import type { BenchTarget, TargetOptions } from './modes/target';
import { createProcessSampler, processById } from './process-sampler';
import { inspectOnFreePort } from './profiling/inspector-session';
import { createStepProfiler, type StepProfiler } from './profiling/step-profiler';
import { createRateSearch } from './rate-search';
import type { ModeName, ModeResult, StepResult } from './results';
import { runStep, type LiveStatus, type StepContext, type StepPlan } from './step-runner';

/** How a mode is measured. */
export interface ModeSettings extends Omit<TargetOptions, 'onStatus'> {
  /** A fixed rate (one judged step), or undefined for the search. */
  readonly fixedRate?: number;
  readonly startRate: number;
  readonly maxRate: number;
  readonly growthFactor: number;
  readonly bisections: number;
  readonly stepMs: number;
  readonly graceMs: number;
  /** An unjudged step at the first rate first (JIT, caches, connection pools); 0: none. */
  readonly warmupMs: number;
  /** Before the steps, the fleet connected and idle (the fixed cost of connected devices); 0: none. */
  readonly idleMs: number;
  readonly settleTimeoutMs: number;
  /** Where a CPU profile of every Homeport process over each step goes (--profile-dir); none: not profiled. */
  readonly profileDir?: string;
}

/** Where the run is, for the live line. */
export type ModeStatus =
  | { readonly kind: 'setup'; readonly mode: ModeName; readonly text: string }
  | ({ readonly kind: 'step' } & LiveStatus);

const starters: Record<ModeName, (options: TargetOptions) => Promise<BenchTarget>> = {
  baseline: startBaseline,
  embedded: startEmbedded,
  distributed: startDistributed,
};

/** Starts the mode's system, connects the fleet, runs the steps (search or fixed), stops everything. */
export async function runMode(
  mode: ModeName,
  settings: ModeSettings,
  signal: AbortSignal,
  onStatus: (status: ModeStatus) => void,
): Promise<ModeResult> {
  const setupStatus = (text: string) => {
    onStatus({ kind: 'setup', mode, text });
  };
  // Mosquitto alone has no Homeport process to profile.
  const profileDir = mode === 'baseline' ? undefined : settings.profileDir;
  const serviceEnv = profileDir === undefined ? settings.serviceEnv : withInspector(settings.serviceEnv);
  const target = await starters[mode]({ ...settings, serviceEnv, onStatus: setupStatus });
  let generator: LoadGenerator | undefined;
  let profiler: StepProfiler | undefined;
  try {
    if (profileDir !== undefined) profiler = await createStepProfiler(profileDir, homeportProcesses(target));
    setupStatus(`connecting ${target.devices.length} devices`);
    generator = await connectGenerator({ mqttUrl: target.mqttUrl, devices: target.devices, signal });
    const brokerBefore = await target.readBrokerReceived?.();
    const context: StepContext = {
      mode,
      generator,
      probe: target.probe,
      sampler: createProcessSampler([...target.processes, processById('bench', process.pid)]),
      processedAtStart: (await target.probe.read()).processed,
      signal,
      onStatus: (status) => {
        onStatus({ kind: 'step', ...status });
      },
      ...(profiler !== undefined && { profiler }),
    };
    await context.sampler.sample();
    const stepErrors: string[] = [];
    const idle = await measureIdle(context, settings, stepErrors);
    const steps = await runSteps(context, settings, stepErrors);
    const brokerAfter = await target.readBrokerReceived?.().catch(() => undefined);
    return {
      mode,
      setup: target.setup,
      devicesAsked: settings.devices,
      devicesConnected: generator.devices,
      highestSustainedRate: highestSustained(steps),
      idle,
      steps,
      brokerReceived:
        brokerBefore === undefined || brokerAfter === undefined ? null : brokerAfter - brokerBefore,
      errors: [...target.errors, ...generator.errors.first, ...stepErrors],
    };
  } finally {
    setupStatus('stopping');
    profiler?.close();
    await generator?.close(5000);
    await target.close();
  }
}

/** The services' inspectors open on free loopback ports, for the step profiler. */
function withInspector(env: Readonly<Record<string, string>>): Record<string, string> {
  const nodeOptions = [env.NODE_OPTIONS, inspectOnFreePort].filter(Boolean).join(' ');
  return { ...env, NODE_OPTIONS: nodeOptions };
}

/** The target's own processes (each a pid), not the servers found by command name. */
function homeportProcesses(target: BenchTarget): { name: string; pid: number }[] {
  return target.processes
    .filter((process) => !process.byCommand)
    .flatMap((process) => process.pids(new Map()).map((pid) => ({ name: process.name, pid })));
}

function highestSustained(steps: readonly StepResult[]): number | null {
  const rates = steps.filter((step) => step.sustained).map((step) => step.rate);
  return rates.length === 0 ? null : Math.max(...rates);
}

/** The fleet connected and publishing nothing for `idleMs`: what each process costs without messages. */
async function measureIdle(
  context: StepContext,
  settings: ModeSettings,
  errors: string[],
): Promise<StepResult | null> {
  if (settings.idleMs === 0) return null;
  const plan: StepPlan = {
    ...{ label: 'idle', rate: 0, durationMs: settings.idleMs, graceMs: 0 },
    ...{ settleTimeoutMs: settings.settleTimeoutMs, judged: false },
  };
  return runStep(context, plan).catch((error: unknown) => {
    errors.push(`idle measurement broke off: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
}

/** The warm-up, then the fixed step or the search; a step that breaks (a scrape failing) ends the mode's steps. */
async function runSteps(
  context: StepContext,
  settings: ModeSettings,
  errors: string[],
): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  try {
    await runPlannedSteps(context, settings, steps);
  } catch (error) {
    errors.push(
      `step ${steps.length + 1} broke off: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return steps;
}

async function runPlannedSteps(
  context: StepContext,
  settings: ModeSettings,
  steps: StepResult[],
): Promise<void> {
  const plan = (label: string, rate: number, durationMs: number, judged: boolean): StepPlan => ({
    label,
    rate,
    durationMs,
    graceMs: settings.graceMs,
    settleTimeoutMs: settings.settleTimeoutMs,
    judged,
  });
  const firstRate = settings.fixedRate ?? settings.startRate;
  if (settings.warmupMs > 0)
    steps.push(await runStep(context, plan('warm-up', firstRate, settings.warmupMs, false)));
  if (settings.fixedRate !== undefined) {
    if (!context.signal.aborted)
      steps.push(await runStep(context, plan('fixed', settings.fixedRate, settings.stepMs, true)));
    return;
  }
  const search = createRateSearch(settings);
  let number = 0;
  for (let rate = search.nextRate(); rate !== undefined; rate = search.nextRate()) {
    if (context.signal.aborted) break;
    number += 1;
    const step = await runStep(context, plan(`step ${number}`, rate, settings.stepMs, true));
    steps.push(step);
    if (step.judged) search.record(rate, step.sustained);
  }
}
