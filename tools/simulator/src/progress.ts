import { createLiveLine, type ProgressOutput } from './live-line';
import type { SimulationProgress, SimulationSummary } from './run-simulation';

/** Shows a run's progress. */
export interface ProgressReporter {
  update(progress: SimulationProgress): void;
  /** Writes lines of their own between updates (the rewritten line goes on below them). */
  print(text: string): void;
  /** Ends the rewritten line (on a terminal) so what follows starts on a line of its own. */
  end(): void;
}

const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** One line of progress, e.g. `running 12.0 s | connected 100/100 | published 5,012 (498/s) | ...`. */
export function formatProgressLine(progress: SimulationProgress, publishedPerSecond: number): string {
  const phaseCounts =
    progress.phase === 'provisioning' ? `provisioned ${progress.provisioned}/${progress.devices}` : '';
  return [
    `${progress.phase.padEnd(12)} ${(progress.elapsedMs / 1000).toFixed(1)} s`,
    ...(phaseCounts === '' ? [] : [phaseCounts]),
    `connected ${progress.connected}/${progress.devices}`,
    `published ${number(progress.published)} (${number(Math.round(publishedPerSecond))}/s)`,
    `acked ${number(progress.acknowledged)}`,
    `failed ${number(progress.failed)}`,
    `desired ${progress.desiredApplied}/${progress.desiredReceived}`,
    `errors ${progress.errorCount}`,
  ].join(' | ');
}

/**
 * On a terminal, rewrites one line at every update (runSimulation updates once a second); elsewhere writes a
 * plain line every `plainIntervalMs` (default 5 s) and at every phase change, so logs stay short.
 */
export function createProgressReporter(
  output: ProgressOutput,
  options: { plainIntervalMs?: number } = {},
): ProgressReporter {
  const line = createLiveLine(output, options);
  let previous: SimulationProgress | undefined;
  let rate = 0;
  return {
    update(progress) {
      const seconds = previous === undefined ? 0 : (progress.elapsedMs - previous.elapsedMs) / 1000;
      // A phase change comes between the once-a-second updates: too short a time for a steady rate.
      if (previous === undefined || seconds >= 0.5) {
        rate = previous === undefined ? 0 : (progress.published - previous.published) / seconds;
        previous = progress;
      }
      line.show(formatProgressLine(progress, rate), progress);
    },
    print(text) {
      line.end();
      output.write(text);
    },
    end() {
      line.end();
    },
  };
}

/** The summary as a two-column table. */
export function formatSummary(summary: SimulationSummary): string {
  const rows: [string, string][] = [
    ['vendor / product', `${summary.vendorId} / ${summary.productId}`],
    ['device ids', `${summary.deviceIdPrefix}-*`],
    [
      'devices',
      `${summary.devices} asked, ${summary.provisioned} provisioned, ${summary.connected} connected`,
    ],
    [
      'publishing',
      `${(summary.durationMs / 1000).toFixed(1)} s${summary.stoppedEarly ? ' (stopped early)' : ''}`,
    ],
    ['in all', `${(summary.totalMs / 1000).toFixed(1)} s`],
    [
      'published',
      `${number(summary.published)} (reported ${number(summary.perKind.reported)}, telemetry ${number(summary.perKind.telemetry)})`,
    ],
    ['acknowledged', number(summary.acknowledged)],
    ['failed', number(summary.failed)],
    ['desired state', `${summary.desiredReceived} received, ${summary.desiredApplied} applied`],
    ['connection losses', String(summary.connectionLosses)],
    ['errors', String(summary.errorCount)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const errors = summary.errors.map((message) => `  - ${message}`);
  const more =
    summary.errorCount > summary.errors.length
      ? [`  ... and ${summary.errorCount - summary.errors.length} more`]
      : [];
  return [
    'Simulation summary',
    ...lines,
    ...(errors.length > 0 ? ['First errors:', ...errors, ...more] : []),
  ].join('\n');
}
