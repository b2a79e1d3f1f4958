import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLiveLine, runCommandLine } from '@homeport/simulator';
import { parseCli, usage, type FuzzOptions } from './cli-options';
import type { Findings } from './findings';
import { inputFamilies } from './inputs';
import { replayCrashFile } from './replay';
import { formatModeReport, isBadReport } from './report';
import { runFuzz } from './run-fuzz';

function describeProgress(findings: Findings | undefined): string {
  if (findings === undefined) return '';
  const tried = inputFamilies.map((family) => `${family} ${findings.tried[family]}`).join(', ');
  return `: ${tried}; ${findings.crashes.length} crashes, ${findings.unexpected.length} kinds of unexpected 5xx`;
}

async function fuzz(options: FuzzOptions, command: string, signal: AbortSignal): Promise<number> {
  const line = createLiveLine(process.stderr);
  const startedAt = performance.now();
  process.stderr.write(`fuzz: seed ${options.seed} (--seed ${options.seed} sends the same inputs again)\n`);
  const reports = await runFuzz(options.modes, { ...options, signal }, (status) => {
    line.show(`${status.mode}: ${status.text}${describeProgress(status.findings)}`, {
      elapsedMs: performance.now() - startedAt,
      phase: `${status.mode} ${status.text}`,
    });
  });
  line.end();
  await mkdir(options.outDir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const jsonFile = path.join(options.outDir, `fuzz-${stamp}.json`);
  await writeFile(jsonFile, `${JSON.stringify({ command, seed: options.seed, reports }, null, 1)}\n`);
  process.stdout.write(`${command}\n`);
  for (const report of reports) process.stdout.write(`${formatModeReport(report, options.seed)}\n`);
  process.stdout.write(`(everything in ${jsonFile})\n`);
  return reports.some(isBadReport) ? 1 : 0;
}

runCommandLine({
  name: 'fuzz',
  usage,
  parse: parseCli,
  stoppingMessage: 'stopping: no more inputs; checking the innocent devices, stopping the platform',
  run: (options, { args, signal }) =>
    options.replayFile === undefined
      ? fuzz(options, ['npm run fuzz --', ...args].join(' '), signal)
      : replayCrashFile(options.replayFile, options.outDir, signal),
});
