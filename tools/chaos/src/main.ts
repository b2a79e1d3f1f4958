import { runCommandLine } from '@homeport/simulator';
import { parseCli, usage } from './cli-options';
import { formatReport } from './report';
import { runChaos, type ChaosOptions } from './run-chaos';

async function chaos(options: ChaosOptions, command: string, signal: AbortSignal): Promise<number> {
  const startedAt = performance.now();
  const result = await runChaos(
    options,
    (line) => {
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
      process.stderr.write(`[${seconds} s] ${line}\n`);
    },
    signal,
  );
  process.stdout.write(`${formatReport(result, options, command)}\n`);
  const { total } = result.accounting;
  return total.lost > 0 || result.accounting.staleDevices.length > 0 ? 1 : 0;
}

runCommandLine({
  name: 'chaos',
  usage,
  parse: parseCli,
  stoppingMessage: 'stopping: no more faults; draining and reporting',
  run: (options, { args, signal }) => chaos(options, ['npm run chaos --', ...args].join(' '), signal),
});
