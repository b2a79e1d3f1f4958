import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLiveLine, runCommandLine } from '@homeport/simulator';
import { parseCli, usage, type BenchOptions, type ReadSideSettings } from './cli-options';
import { formatStatusLine } from './progress-line';
import { formatEmailBench, runEmailBench } from './email-bench';
import { formatReadSide, runReadSide } from './queries/read-side';
import { formatReport } from './report';
import { runBench } from './run-bench';

/** `--emails N`: the notifications step alone. */
async function benchEmails(options: BenchOptions, count: number): Promise<number> {
  const line = createLiveLine(process.stderr);
  const startedAt = performance.now();
  const result = await runEmailBench(count, options.serviceEnv, (received) => {
    line.show(`${received}/${count} emails at the SMTP server`, {
      elapsedMs: performance.now() - startedAt,
      phase: 'notifications',
    });
  });
  line.end();
  await writeResult(options.jsonFile, { notifications: result });
  process.stdout.write(`${formatEmailBench(result)}\n(${options.jsonFile})\n`);
  return 0;
}

/** `--steps history,api`: the read side alone. */
async function benchReadSide(options: BenchOptions, settings: ReadSideSettings): Promise<number> {
  const result = await runReadSide(settings, (text) => process.stderr.write(`${text}\n`));
  await writeResult(options.jsonFile, { readSide: result });
  process.stdout.write(`${formatReadSide(result)}\n(${options.jsonFile})\n`);
  return 0;
}

async function writeResult(jsonFile: string, result: unknown): Promise<void> {
  await mkdir(path.dirname(path.resolve(jsonFile)), { recursive: true });
  await writeFile(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
}

async function bench(options: BenchOptions, command: string, signal: AbortSignal): Promise<number> {
  if (options.emails !== undefined) return benchEmails(options, options.emails);
  if (options.readSide !== undefined) return benchReadSide(options, options.readSide);
  const line = createLiveLine(process.stderr);
  const startedAt = performance.now();
  const result = await runBench(options, command, signal, (status) => {
    const phase =
      status.kind === 'setup' ? `${status.mode} setup` : `${status.mode} ${status.label} ${status.phase}`;
    line.show(formatStatusLine(status), { elapsedMs: performance.now() - startedAt, phase });
  });
  line.end();
  await writeResult(options.jsonFile, result);
  process.stdout.write(`${formatReport(result, options.jsonFile)}\n`);
  return result.modes.some((mode) => mode.steps.length === 0) ? 1 : 0;
}

runCommandLine({
  name: 'bench',
  usage,
  parse: parseCli,
  stoppingMessage: 'stopping: ending the step, stopping what was started',
  run: (options, { args, signal }) => bench(options, ['npm run bench --', ...args].join(' '), signal),
});
