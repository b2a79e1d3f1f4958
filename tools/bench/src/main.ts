import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLiveLine } from '@homeport/simulator';
import { parseCli, usage, UsageError, type CliRequest } from './cli-options';
import { formatStatusLine } from './progress-line';
import { formatReport } from './report';
import { runBench } from './run-bench';

function readRequest(args: readonly string[]): CliRequest | number {
  try {
    return parseCli(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n(--help lists the options)\n`);
    return 2;
  }
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
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nstopping: ending the step, stopping what was started (Ctrl-C again quits at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  const line = createLiveLine(process.stderr);
  const startedAt = performance.now();
  const command = ['npm run bench --', ...args].join(' ');
  const result = await runBench(options, command, controller.signal, (status) => {
    const phase =
      status.kind === 'setup' ? `${status.mode} setup` : `${status.mode} ${status.label} ${status.phase}`;
    line.show(formatStatusLine(status), { elapsedMs: performance.now() - startedAt, phase });
  });
  line.end();
  process.off('SIGINT', onInterrupt);
  await mkdir(path.dirname(path.resolve(options.jsonFile)), { recursive: true });
  await writeFile(options.jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatReport(result, options.jsonFile)}\n`);
  return result.modes.some((mode) => mode.steps.length === 0) ? 1 : 0;
}

// exitCode rather than exit(): the process ends by itself once every socket and timer is gone.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
