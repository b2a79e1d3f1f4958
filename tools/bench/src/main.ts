import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLiveLine, runCommandLine } from '@homeport/simulator';
import { parseCli, usage, type BenchOptions } from './cli-options';
import { formatStatusLine } from './progress-line';
import { formatReport } from './report';
import { runBench } from './run-bench';

async function bench(options: BenchOptions, command: string, signal: AbortSignal): Promise<number> {
  const line = createLiveLine(process.stderr);
  const startedAt = performance.now();
  const result = await runBench(options, command, signal, (status) => {
    const phase =
      status.kind === 'setup' ? `${status.mode} setup` : `${status.mode} ${status.label} ${status.phase}`;
    line.show(formatStatusLine(status), { elapsedMs: performance.now() - startedAt, phase });
  });
  line.end();
  await mkdir(path.dirname(path.resolve(options.jsonFile)), { recursive: true });
  await writeFile(options.jsonFile, `${JSON.stringify(result, null, 2)}\n`);
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
