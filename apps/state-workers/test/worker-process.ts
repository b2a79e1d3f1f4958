import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from '@homeport/testing';

const workspaceRoot = path.join(__dirname, '..', '..', '..');

/** A state-workers process started from src/main.ts, as a deployment would run it. */
export interface WorkerProcess {
  /** Base URL of its HTTP server, read from its start log line. */
  readonly url: string;
  /** Messages it has handled so far, from its /metrics. */
  countHandled(): Promise<number>;
  /** `kill -9`: no shutdown, nothing acknowledged after this instant. */
  killHard(): Promise<void>;
  /** SIGTERM (graceful shutdown); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node --import tsx apps/state-workers/src/main.ts` (the tsx loader inside one process, so that
 * SIGKILL hits the worker itself, not a wrapper) with the given environment, and waits for its
 * "started" log line.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/state-workers/src/main.ts'], {
    cwd: workspaceRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let url: string | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      url ??= readStartedUrl(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`state-workers exited:\n${output.join('\n')}`);
      return url !== undefined;
    },
    'state-workers to start',
    { timeoutMs: 20_000 },
  );
  const baseUrl = url ?? '';
  return {
    url: baseUrl,
    countHandled: async () => sumHandled(await (await fetch(`${baseUrl}/metrics`)).text()),
    killHard: async () => {
      await signal(child, 'SIGKILL', exited);
    },
    stop: () => signal(child, 'SIGTERM', exited),
  };
}

function readStartedUrl(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'state-workers started' && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

function sumHandled(metricsText: string): number {
  return metricsText
    .split('\n')
    .filter((line) => line.startsWith('state_workers_messages_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

function signal(
  child: ChildProcess,
  name: NodeJS.Signals,
  exited: Promise<number | null>,
): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
  return exited;
}
