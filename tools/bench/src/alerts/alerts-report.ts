import type { CumulativeHistogram } from '../histogram';
import { summarizeHistogram, type LatencySummary } from '../latency';
import { judgeStep, type StepVerdict } from '../sustained-rule';
import { formatCount, formatMs, formatTable } from '../table';

/** The alerts service keeps up when its lag (event time to evaluated) stays under this (issue #17). */
export const keptUpLagMs = 1000;

/** What the alerts step counted over its measured window (from before publishing to caught up). */
export interface AlertsStepCounts {
  readonly rate: number;
  readonly devices: number;
  readonly rules: { readonly home: number; readonly vendor: number };
  /** The whole window (publishing + catching up), ms. */
  readonly windowMs: number;
  /** Messages the schedule called for (rate × publishing time). */
  readonly attempted: number;
  /** PUBACKs the fleet received in the window. */
  readonly accepted: number;
  /** Device messages state-workers stored in the window (its processed counter). */
  readonly ingested: number;
  /** Events alerts evaluated in the window (alerts_events_total). */
  readonly evaluated: number;
  /** alerts_event_age_seconds over the window (the difference of two readings). */
  readonly lag: CumulativeHistogram;
  /**
   * The same window's messages from the device to state-workers' store (the probe's latency): the part of
   * alerts' lag spent before its queue (state-workers publishes the events alerts reads after storing).
   */
  readonly pipeline: LatencySummary;
  /** CPU seconds each sampled process used in the window (`alerts` among them). */
  readonly cpuSeconds: Readonly<Record<string, number>>;
  readonly fired: number;
  readonly resolved: number;
  /** False when alerts was still evaluating when the catch-up time ran out. */
  readonly caughtUp: boolean;
}

/** The step's figures, as the result file keeps them. */
export interface AlertsStepResult {
  readonly rate: number;
  readonly devices: number;
  readonly rules: { readonly home: number; readonly vendor: number };
  readonly ingested: number;
  readonly evaluated: number;
  readonly ingestedPerSecond: number;
  readonly evaluatedPerSecond: number;
  readonly lag: LatencySummary;
  /** Device to stored by state-workers over the same window (upstream of alerts' queue). */
  readonly pipeline: LatencySummary;
  /**
   * The pipeline's step by the bench's sustained rule (`sustained-rule.ts`: accepted, stored, its p99 < 1 s),
   * with alerts and its database sharing the machine: the rate search of the step follows it.
   */
  readonly pipelineVerdict: StepVerdict;
  /** CPU time of the alerts process per event evaluated, µs; null without events. */
  readonly alertsCpuMicrosPerEvent: number | null;
  /** Each sampled process's average CPU over the window, % of one core. */
  readonly cpuPercent: Readonly<Record<string, number>>;
  readonly fired: number;
  readonly resolved: number;
  readonly caughtUp: boolean;
  /** Caught up, and the lag's p99 under `keptUpLagMs`. */
  readonly keptUp: boolean;
  /** Why it did not keep up, in words (empty when it did). */
  readonly reasons: readonly string[];
}

/** Rates, CPU per event and the verdict from the raw counts. */
export function summarizeAlertsStep(counts: AlertsStepCounts): AlertsStepResult {
  const perSecond = (count: number, ms: number) => (ms > 0 ? Math.round((count / ms) * 1000) : 0);
  const lag = summarizeHistogram(counts.lag);
  const alertsCpu = counts.cpuSeconds.alerts;
  const reasons: string[] = [];
  if (!counts.caughtUp) reasons.push('alerts was still evaluating when the catch-up time ran out');
  if (lag.p99Ms === null) reasons.push('no event was evaluated');
  else if (lag.p99Ms >= keptUpLagMs)
    reasons.push(`lag p99 ${formatMs(lag.p99Ms)} >= ${formatMs(keptUpLagMs)}`);
  const windowSeconds = counts.windowMs / 1000;
  return {
    rate: counts.rate,
    devices: counts.devices,
    rules: counts.rules,
    ingested: counts.ingested,
    evaluated: counts.evaluated,
    // Both over the whole window: an evaluator that lags behind shows as fewer a second.
    ingestedPerSecond: perSecond(counts.ingested, counts.windowMs),
    evaluatedPerSecond: perSecond(counts.evaluated, counts.windowMs),
    lag,
    pipeline: counts.pipeline,
    pipelineVerdict: judgeStep({
      attempted: counts.attempted,
      accepted: counts.accepted,
      processed: counts.ingested,
      p99Ms: counts.pipeline.p99Ms,
    }),
    alertsCpuMicrosPerEvent:
      alertsCpu === undefined || counts.evaluated === 0
        ? null
        : Math.round((alertsCpu / counts.evaluated) * 1e6),
    cpuPercent: Object.fromEntries(
      Object.entries(counts.cpuSeconds).map(([name, seconds]) => [
        name,
        windowSeconds > 0 ? Math.round((seconds / windowSeconds) * 100) : 0,
      ]),
    ),
    fired: counts.fired,
    resolved: counts.resolved,
    caughtUp: counts.caughtUp,
    keptUp: reasons.length === 0,
    reasons,
  };
}

/** The steps the alerts step ran (one at `--rate`, or a rate search), and what they add up to. */
export interface AlertsRunResult {
  readonly steps: readonly AlertsStepResult[];
  /** The highest rate whose pipeline step was sustained with alerts beside it (undefined: none). */
  readonly highestSustained: number | undefined;
  /** Whether alerts kept up at that rate (undefined: no rate was sustained). */
  readonly keptUpAtHighest: boolean | undefined;
}

/** The highest sustained rate of the steps and alerts' verdict there. */
export function summarizeAlertsRun(steps: readonly AlertsStepResult[]): AlertsRunResult {
  const sustained = steps.filter((step) => step.pipelineVerdict.sustained);
  const highest = sustained.reduce<AlertsStepResult | undefined>(
    (best, step) => (best === undefined || step.rate > best.rate ? step : best),
    undefined,
  );
  return { steps, highestSustained: highest?.rate, keptUpAtHighest: highest?.keptUp };
}

function formatStepRow(step: AlertsStepResult): string[] {
  const { lag } = step;
  const maxLag = lag.maxMs === null ? '-' : `${lag.maxBeyondBuckets ? '>' : '≤'}${formatMs(lag.maxMs)}`;
  return [
    formatCount(step.rate),
    step.pipelineVerdict.sustained ? 'yes' : 'no',
    formatMs(step.pipeline.p99Ms),
    formatCount(step.ingestedPerSecond),
    formatCount(step.evaluatedPerSecond),
    formatMs(lag.p50Ms),
    formatMs(lag.p99Ms),
    maxLag,
    step.alertsCpuMicrosPerEvent === null ? '-' : `${formatCount(step.alertsCpuMicrosPerEvent)} µs`,
    formatCount(step.fired),
    formatCount(step.resolved),
    step.keptUp ? 'yes' : 'no',
  ];
}

/** The steps' table as the bench prints it, the CPU of each process, the reasons and the conclusion. */
export function formatAlertsRun(run: AlertsRunResult): string {
  const [first] = run.steps;
  if (first === undefined) return 'alerts step: no step ran';
  const rules = `${formatCount(first.rules.home + first.rules.vendor)} rules (${formatCount(first.rules.home)} home, ${formatCount(first.rules.vendor)} vendor)`;
  const lines = [
    `alerts step: ${rules} over ${formatCount(first.devices)} devices, the pipeline and alerts on one machine`,
    formatTable(
      [
        'msg/s',
        'sustained',
        'upstream p99',
        'ingested/s',
        'evaluated/s',
        'lag p50',
        'lag p99',
        'lag max',
        'CPU/event',
        'fired',
        'resolved',
        'kept up',
      ],
      run.steps.map(formatStepRow),
    ),
  ];
  for (const step of run.steps) {
    const why = [...step.pipelineVerdict.reasons.map((reason) => `pipeline: ${reason}`), ...step.reasons];
    const cpu = Object.entries(step.cpuPercent)
      .map(([name, percent]) => `${name} ${percent}`)
      .join(', ');
    lines.push(
      `  at ${formatCount(step.rate)}: CPU (% of one core) ${cpu}${why.length > 0 ? `; ${why.join('; ')}` : ''}`,
    );
  }
  lines.push(
    run.highestSustained === undefined
      ? '  no rate was sustained by the pipeline with alerts beside it'
      : `  highest sustained rate with alerts beside the pipeline: ${formatCount(run.highestSustained)} msg/s; ` +
          `alerts kept up there (lag p99 < ${formatMs(keptUpLagMs)}): ${run.keptUpAtHighest === true ? 'yes' : 'no'}`,
  );
  return lines.join('\n');
}
