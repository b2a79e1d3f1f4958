import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { embeddedPortKeys, type PlatformFile } from '@homeport/contracts';
import { describeExit } from './service-process';
import { waitFor } from './wait-for';

const workspaceRoot = path.join(__dirname, '..', '..', '..');

/** The embedded platform's settings for a test: its own data directory, every listener on a free port. */
export function embeddedPlatformTestEnv(dataDir: string): Record<string, string> {
  return { DATA_DIR: dataDir, ...Object.fromEntries(embeddedPortKeys.map((key) => [key, '0'])) };
}

/** The embedded platform started with the README's run command (`npm start`), as a child process. */
export interface EmbeddedPlatformProcess {
  readonly platform: PlatformFile;
  /** The spawned process: npm's, or the platform's own with the `node` launcher. */
  readonly pid: number;
  output(): string;
  /** How the spawned process ended (`exit code 1`, `signal SIGKILL`); undefined while it runs. */
  exitStatus(): string | undefined;
  /** Sends SIGINT (Ctrl-C) to npm and the platform, as a terminal does, and waits until both are gone. */
  stop(): Promise<void>;
  /** `kill -9` of npm and the platform: nothing of the platform runs after this instant. */
  killHard(): Promise<void>;
}

/** How to start the embedded platform. */
export interface EmbeddedPlatformOptions {
  /**
   * `npm` (default): `npm start`, as the README says. `node`: what that script runs, `node --import tsx
   * hosts/embedded/src/main.ts`, spawned directly, so `pid` is the platform's own (for CPU and memory).
   */
  readonly launcher?: 'npm' | 'node';
}

/**
 * Runs `npm start` with no server settings: only PATH and HOME from this environment, plus `env` (the data
 * directory, ports 0). Resolves once the banner is printed.
 */
export async function startEmbeddedPlatformProcess(
  env: Record<string, string>,
  options: EmbeddedPlatformOptions = {},
): Promise<EmbeddedPlatformProcess> {
  const [command, args] =
    options.launcher === 'node'
      ? [process.execPath, ['--import', 'tsx', 'hosts/embedded/src/main.ts']]
      : ['npm', ['start', '--silent']];
  const child: ChildProcess = spawn(command, args, {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: Ctrl-C reaches npm and the platform, as in a terminal
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const group = child.pid ?? 0;
  const isGroupAlive = () => {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      return output.includes('Ctrl-C stops it');
    },
    'the platform to print where it listens',
    { timeoutMs: 90_000, intervalMs: 100 },
  );
  const file = path.join(env['DATA_DIR'] ?? '.data', 'platform.json');
  return {
    platform: JSON.parse(readFileSync(file, 'utf8')) as PlatformFile,
    pid: group,
    output: () => output,
    exitStatus: () => describeExit(child),
    async stop() {
      if (!isGroupAlive()) return;
      process.kill(-group, 'SIGINT');
      await waitFor(() => !isGroupAlive(), 'npm start to stop', { timeoutMs: 30_000, intervalMs: 100 });
    },
    async killHard() {
      if (!isGroupAlive()) return;
      process.kill(-group, 'SIGKILL');
      await waitFor(() => !isGroupAlive(), 'npm start to be killed', { timeoutMs: 10_000, intervalMs: 20 });
    },
  };
}
