import { parseArgs } from 'node:util';
import { runApiStep } from './api-step';
import { runHistoryStep } from './history-step';

/**
 * `npm run bench:queries -- [--steps history,api] [--queries N] [--seconds S] [--profile-dir DIR]`: the read side of the
 * platform, beside the ingest bench of `npm run bench`. Figures as JSON on stdout, progress on stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: 'history,api' },
      queries: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '10' },
      'profile-dir': { type: 'string' },
    },
  });
  const steps = new Set(values.steps.split(','));
  const status = (text: string) => process.stderr.write(`${text}\n`);
  const result: Record<string, unknown> = { startedAt: new Date().toISOString() };
  if (steps.has('history')) result.history = await runHistoryStep(Number(values.queries), status);
  if (steps.has('api')) {
    const figures = await runApiStep(Number(values.seconds), status, values['profile-dir']);
    const [helloWorld, deviceState] = figures;
    result.api = figures;
    if (helloWorld !== undefined && deviceState !== undefined)
      result.apiRatioToHelloWorld = deviceState.requestsPerSecond / helloWorld.requestsPerSecond;
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
