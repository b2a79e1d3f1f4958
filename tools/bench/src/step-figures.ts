import type { GeneratorTotals } from './generator';
import { histogramQuantile, subtractHistograms } from './histogram';
import type { ProcessUsage } from './process-sampler';
import type { ProbeReading } from './probes/probe';
import type { ProcessFigures, SecondRecord, StepResult } from './results';
import type { StepContext, StepPlan } from './step-runner';
import { judgeStep } from './sustained-rule';

/** Generator and probe at one instant. */
export interface Progress {
  readonly atMs: number;
  readonly totals: GeneratorTotals;
  readonly reading: ProbeReading;
}
/** Progress, and what each sampled process has used. */
export interface Snapshot extends Progress {
  readonly usage: ReadonlyMap<string, ProcessUsage>;
}

/** The step's CPU average and peak memory of each sampled process. */
function processFigures(
  start: Snapshot,
  end: Snapshot,
  peaks: ReadonlyMap<string, number>,
): ProcessFigures[] {
  const seconds = Math.max(0.001, (end.atMs - start.atMs) / 1000);
  return [...end.usage].map(([name, usage]) => ({
    name,
    cpuPercent:
      Math.round(((usage.cpuSeconds - (start.usage.get(name)?.cpuSeconds ?? 0)) / seconds) * 1000) / 10,
    peakRssBytes: Math.max(peaks.get(name) ?? 0, usage.rssBytes),
  }));
}

/** One second's rates (from the previous reading), the backlog and p99 since the step started. */
export function recordSecond(
  start: Progress,
  previous: Progress,
  now: Progress,
  phase: SecondRecord['phase'],
): SecondRecord {
  const seconds = Math.max(0.001, (now.atMs - previous.atMs) / 1000);
  const perSecond = (later: number, earlier: number) => Math.round((later - earlier) / seconds);
  const p99 = histogramQuantile(0.99, subtractHistograms(now.reading.latency, start.reading.latency));
  const accepted = now.totals.accepted - start.totals.accepted;
  return {
    t: Math.round((now.atMs - start.atMs) / 100) / 10,
    phase,
    published: perSecond(now.totals.published, previous.totals.published),
    accepted: perSecond(now.totals.accepted, previous.totals.accepted),
    processed: perSecond(now.reading.processed, previous.reading.processed),
    backlog: Math.max(0, accepted - (now.reading.processed - start.reading.processed)),
    p99SoFarMs: p99 === undefined ? null : Math.round(p99 * 1000),
  };
}

/** What a step did, from its first and last snapshots, judged by the sustained rule. */
export function summarizeStep(run: {
  context: StepContext;
  plan: StepPlan;
  start: Snapshot;
  end: Snapshot;
  publishMs: number;
  graceMs: number;
  startedDrained: boolean;
  seconds: SecondRecord[];
  peaks: ReadonlyMap<string, number>;
}): StepResult {
  const { context, plan, start, end } = run;
  const aborted = context.signal.aborted;
  const attempted = Math.round((plan.rate * (aborted ? run.publishMs : plan.durationMs)) / 1000);
  const accepted = end.totals.accepted - start.totals.accepted;
  const processed = end.reading.processed - start.reading.processed;
  const latency = context.probe.summarize(start.reading, end.reading);
  const latencyParts = context.probe.summarizeParts?.(start.reading, end.reading);
  const verdict = judgeStep({ attempted, accepted, processed, p99Ms: latency.p99Ms });
  return {
    label: plan.label,
    rate: plan.rate,
    publishMs: Math.round(run.publishMs),
    graceMs: Math.round(run.graceMs),
    attempted,
    published: end.totals.published - start.totals.published,
    accepted,
    failed: end.totals.failed - start.totals.failed,
    processed,
    latency,
    ...(latencyParts !== undefined && { latencyParts }),
    judged: plan.judged && !aborted,
    sustained: plan.judged && !aborted && verdict.sustained,
    reasons: aborted ? ['stopped early'] : verdict.reasons,
    startedDrained: run.startedDrained,
    processes: processFigures(start, end, run.peaks),
    seconds: run.seconds,
  };
}
