import type { CumulativeHistogram } from '../histogram';
import { summarizeHistogram, type LatencySummary } from '../latency';
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

/** The step's table as the bench prints it. */
export function formatAlertsStep(result: AlertsStepResult): string {
  const { lag } = result;
  const maxLag = lag.maxMs === null ? '-' : `${lag.maxBeyondBuckets ? '>' : '≤'}${formatMs(lag.maxMs)}`;
  const rules = `${formatCount(result.rules.home + result.rules.vendor)} rules (${formatCount(result.rules.home)} home, ${formatCount(result.rules.vendor)} vendor)`;
  return [
    `alerts step: ${rules} over ${formatCount(result.devices)} devices at ${formatCount(result.rate)} msg/s`,
    formatTable(
      ['ingested/s', 'evaluated/s', 'lag p50', 'lag p99', 'lag max', 'CPU/event', 'fired', 'resolved'],
      [
        [
          formatCount(result.ingestedPerSecond),
          formatCount(result.evaluatedPerSecond),
          formatMs(lag.p50Ms),
          formatMs(lag.p99Ms),
          maxLag,
          result.alertsCpuMicrosPerEvent === null ? '-' : `${formatCount(result.alertsCpuMicrosPerEvent)} µs`,
          formatCount(result.fired),
          formatCount(result.resolved),
        ],
      ],
    ),
    `  upstream of alerts (device -> stored by state-workers, same window): p50 ${formatMs(result.pipeline.p50Ms)}, p99 ${formatMs(result.pipeline.p99Ms)}`,
    `  CPU (% of one core): ${Object.entries(result.cpuPercent)
      .map(([name, percent]) => `${name} ${percent}`)
      .join(', ')}`,
    result.keptUp
      ? `  kept up: yes (lag p99 < ${formatMs(keptUpLagMs)})`
      : `  kept up: no (${result.reasons.join('; ')})`,
  ].join('\n');
}
