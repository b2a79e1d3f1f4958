import { parseCli, usage, UsageError, type CliRequest } from './cli-options';
import { formatReport } from './report';
import { runChaos } from './run-chaos';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let request: CliRequest;
  try {
    request = parseCli(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`chaos: ${error.message}\n(--help lists the options)\n`);
    return 2;
  }
  if (request.kind === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  const interrupted = new AbortController();
  const onInterrupt = () => {
    if (interrupted.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: no more faults; draining and reporting (Ctrl-C again quits at once)\n');
    interrupted.abort();
  };
  process.on('SIGINT', onInterrupt);
  const startedAt = performance.now();
  const result = await runChaos(
    request.options,
    (line) => {
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
      process.stderr.write(`[${seconds} s] ${line}\n`);
    },
    interrupted.signal,
  );
  process.off('SIGINT', onInterrupt);
  const command = ['npm run chaos --', ...args].join(' ');
  process.stdout.write(`${formatReport(result, request.options, command)}\n`);
  const { total } = result.accounting;
  return total.lost > 0 || result.accounting.staleDevices.length > 0 ? 1 : 0;
}

// exitCode rather than exit(): the process ends by itself once every socket and timer is gone.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
