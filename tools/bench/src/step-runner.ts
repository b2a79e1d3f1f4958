import type { LoadGenerator } from './generator';
import type { ProcessSampler } from './process-sampler';
import type { StepProfiler } from './profiling/step-profiler';
import type { ProcessedProbe } from './probes/probe';
import type { ModeName, SecondRecord, StepResult } from './results';
import { recordSecond, summarizeStep, type Progress, type Snapshot } from './step-figures';

/** Where a step is, for the live line. */
export interface LiveStatus {
  readonly mode: ModeName;
  readonly label: string;
  readonly rate: number;
  readonly phase: 'settling' | SecondRecord['phase'];
  readonly elapsedMs: number;
  /** The last second's figures (none while settling). */
  readonly second?: SecondRecord;
}

/** What a mode's steps share. */
export interface StepContext {
  readonly mode: ModeName;
  readonly generator: LoadGenerator;
  readonly probe: ProcessedProbe;
  readonly sampler: ProcessSampler;
  /** The probe's processed count when the mode began (the generator's counts begin at 0). */
  readonly processedAtStart: number;
  readonly signal: AbortSignal;
  readonly onStatus: (status: LiveStatus) => void;
  /** With --profile-dir: a CPU profile of every Homeport process over each step (publishing and grace). */
  readonly profiler?: StepProfiler;
}

/** One step to run. */
export interface StepPlan {
  readonly label: string;
  readonly rate: number;
  readonly durationMs: number;
  /** After publishing, how long processing may take to catch up. */
  readonly graceMs: number;
  /** Before publishing, how long to wait for an earlier step's backlog to drain. */
  readonly settleTimeoutMs: number;
  readonly judged: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readProgress(context: StepContext): Promise<Progress> {
  const reading = await context.probe.read();
  return { atMs: performance.now(), totals: context.generator.totals(), reading };
}

async function takeSnapshot(context: StepContext): Promise<Snapshot> {
  const [progress, usage] = await Promise.all([readProgress(context), context.sampler.sample()]);
  return { ...progress, usage };
}

/** Everything accepted since `start` is processed, and nothing is waiting for its PUBACK. */
function isCaughtUp(start: Progress, now: Progress): boolean {
  const accepted = now.totals.accepted - start.totals.accepted;
  return now.totals.outstanding === 0 && now.reading.processed - start.reading.processed >= accepted;
}

/**
 * Waits until what was accepted before is processed, or nothing moved for 3 s with no PUBACK outstanding
 * (messages lost: waiting longer would not bring them), or the timeout. True when drained.
 */
async function settle(context: StepContext, plan: StepPlan): Promise<boolean> {
  const startedAt = performance.now();
  let last = await readProgress(context);
  let lastMoveAt = startedAt;
  for (;;) {
    const drained =
      last.totals.outstanding === 0 &&
      last.reading.processed - context.processedAtStart >= last.totals.accepted;
    if (drained) return true;
    const stalled = last.totals.outstanding === 0 && performance.now() - lastMoveAt >= 3000;
    if (stalled || context.signal.aborted || performance.now() - startedAt >= plan.settleTimeoutMs)
      return false;
    const { label, rate } = plan;
    const elapsedMs = performance.now() - startedAt;
    context.onStatus({ mode: context.mode, label, rate, phase: 'settling', elapsedMs });
    await sleep(500);
    const next = await readProgress(context);
    if (next.reading.processed !== last.reading.processed) lastMoveAt = performance.now();
    last = next;
  }
}

/** Calls `tick` once a second (never two at once) until stopped. */
function startTicker(tick: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = tick()
      .catch(() => undefined) // a missed scrape leaves a gap in the seconds, not a failed step
      .finally(() => (busy = false));
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Runs one step: waits for the previous backlog to drain, lets the fleet publish at `rate` for the duration,
 * then gives processing up to the grace period to catch up; samples every second; judges the step.
 */
export async function runStep(context: StepContext, plan: StepPlan): Promise<StepResult> {
  const startedDrained = await settle(context, plan);
  await context.profiler?.start();
  const start = await takeSnapshot(context);
  const seconds: SecondRecord[] = [];
  const peaks = new Map<string, number>();
  let phase: SecondRecord['phase'] = 'publishing';
  let previous: Progress = start;
  const ticker = startTicker(async () => {
    const now = await takeSnapshot(context);
    for (const [name, usage] of now.usage) peaks.set(name, Math.max(peaks.get(name) ?? 0, usage.rssBytes));
    const second = recordSecond(start, previous, now, phase);
    previous = now;
    seconds.push(second);
    const status = { mode: context.mode, label: plan.label, rate: plan.rate, phase, second };
    context.onStatus({ ...status, elapsedMs: now.atMs - start.atMs });
  });
  const publishMs = await context.generator.run(plan.rate, plan.durationMs, context.signal);
  phase = 'grace';
  const graceStartedAt = performance.now();
  while (!context.signal.aborted && performance.now() - graceStartedAt < plan.graceMs) {
    if (isCaughtUp(start, await readProgress(context))) break;
    await sleep(200);
  }
  const graceMs = performance.now() - graceStartedAt;
  await ticker.stop();
  const end = await takeSnapshot(context);
  await context.profiler?.stop(`${context.mode}-${plan.label}`);
  return summarizeStep({ context, plan, start, end, publishMs, graceMs, startedDrained, seconds, peaks });
}
