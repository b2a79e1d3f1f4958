import os from 'node:os';
import type { BenchOptions } from './cli-options';
import { computeRatios } from './ratios';
import type { BenchResult, ModeName, ModeResult } from './results';
import { runMode, type ModeStatus } from './run-mode';

/** A mode that could not run (a server missing, a service that did not start): its error, no steps. */
function failedMode(mode: ModeName, options: BenchOptions, error: unknown): ModeResult {
  return {
    mode,
    setup: {},
    devicesAsked: options.devices,
    devicesConnected: 0,
    highestSustainedRate: null,
    idle: null,
    steps: [],
    brokerReceived: null,
    errors: [`${mode} did not run: ${error instanceof Error ? error.message : String(error)}`],
  };
}

/** The settings as the result file records them. */
function settingsOf(options: BenchOptions): Record<string, unknown> {
  const { jsonFile: _file, ...settings } = options;
  return { ...settings, fixedRate: settings.fixedRate ?? null };
}

/** Runs each mode in turn (the baseline first) and collects the result, ratios to the baseline included. */
export async function runBench(
  options: BenchOptions,
  command: string,
  signal: AbortSignal,
  onStatus: (status: ModeStatus) => void,
): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    loadAverageAtStart: os.loadavg(),
    node: process.version,
  };
  const modes: ModeResult[] = [];
  for (const mode of options.modes) {
    if (signal.aborted) break;
    modes.push(
      await runMode(mode, options, signal, onStatus).catch((error: unknown) =>
        failedMode(mode, options, error),
      ),
    );
  }
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    command,
    machine,
    settings: settingsOf(options),
    modes,
    ratiosToBaseline: computeRatios(modes),
  };
}
