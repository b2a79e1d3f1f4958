import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLiveLine } from '@homeport/simulator';
import { parseCli, usage, UsageError, type CliRequest, type FuzzOptions } from './cli-options';
import type { Findings } from './findings';
import { inputFamilies } from './inputs';
import { replayCrashFile } from './replay';
import { formatModeReport, isBadReport } from './report';
import { runFuzz } from './run-fuzz';

function readRequest(args: readonly string[]): CliRequest | number {
  try {
    return parseCli(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`fuzz: ${error.message}\n(--help lists the options)\n`);
    return 2;
  }
}

function describeProgress(findings: Findings | undefined): string {
  if (findings === undefined) return '';
  const tried = inputFamilies.map((family) => `${family} ${findings.tried[family]}`).join(', ');
  return `: ${tried}; ${findings.crashes.length} crashes, ${findings.unexpected.length} kinds of unexpected 5xx`;
}

async function fuzz(options: FuzzOptions, command: string): Promise<number> {
  const line = createLiveLine(process.stderr);
  const startedAt = performance.now();
  process.stderr.write(`fuzz: seed ${options.seed} (--seed ${options.seed} sends the same inputs again)\n`);
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nstopping: checking the innocent devices, stopping the platform (Ctrl-C again quits at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  const reports = await runFuzz(options.modes, { ...options, signal: controller.signal }, (status) => {
    line.show(`${status.mode}: ${status.text}${describeProgress(status.findings)}`, {
      elapsedMs: performance.now() - startedAt,
      phase: `${status.mode} ${status.text}`,
    });
  });
  line.end();
  process.off('SIGINT', onInterrupt);
  await mkdir(options.outDir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const jsonFile = path.join(options.outDir, `fuzz-${stamp}.json`);
  await writeFile(jsonFile, `${JSON.stringify({ command, seed: options.seed, reports }, null, 1)}\n`);
  process.stdout.write(`${command}\n`);
  for (const report of reports) process.stdout.write(`${formatModeReport(report, options.seed)}\n`);
  process.stdout.write(`(everything in ${jsonFile})\n`);
  return reports.some(isBadReport) ? 1 : 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const request = readRequest(args);
  if (typeof request === 'number') return request;
  if (request.kind === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  const { options } = request;
  if (options.replayFile !== undefined) return replayCrashFile(options.replayFile, options.outDir);
  return fuzz(options, ['npm run fuzz --', ...args].join(' '));
}

// exitCode rather than exit(): the process ends by itself once every socket and timer is gone.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
