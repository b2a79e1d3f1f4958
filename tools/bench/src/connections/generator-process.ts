import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ConnectionLoadSettings } from './connection-load';

/** Descriptors for 20,000 sockets and everything else a process holds; both the broker and the generator. */
export const openFilesLimit = 100_000;

/** The commands connection-load.ts answers, one JSON line each. */
export type GeneratorCommand = 'connect' | 'publish' | 'reconnect' | 'counters' | 'stop';

/** The connection load generator as a process of its own, driven one command at a time. */
export interface GeneratorProcess {
  readonly pid: number | undefined;
  /** Sends a command and reads its answer line. */
  send<T>(command: GeneratorCommand): Promise<T>;
  /** Ends it if it still runs. */
  close(): Promise<void>;
}

/**
 * Starts `node --import tsx connection-load.ts <settings.json>` (the settings written in `workDir`), under
 * `prlimit` with `openFilesLimit` when `raiseLimit` (the step could raise the broker's limit too).
 */
export async function startGeneratorProcess(
  settings: ConnectionLoadSettings,
  workDir: string,
  raiseLimit: boolean,
): Promise<GeneratorProcess> {
  const settingsFile = path.join(workDir, `generator-${settings.port}.json`);
  await writeFile(settingsFile, JSON.stringify(settings));
  const node = [
    process.execPath,
    '--import',
    'tsx',
    path.join(__dirname, 'connection-load.ts'),
    settingsFile,
  ];
  const [command, ...args] = raiseLimit
    ? ['prlimit', `--nofile=${openFilesLimit}:${openFilesLimit}`, '--', ...node]
    : node;
  const generator = spawn(command ?? process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: generator.stdout })[Symbol.asyncIterator]();
  return {
    get pid() {
      return generator.pid;
    },
    async send<T>(name: GeneratorCommand): Promise<T> {
      generator.stdin.write(`${JSON.stringify({ command: name })}\n`);
      const next = await lines.next();
      if (next.done === true) throw new Error(`the connection load generator ended before answering ${name}`);
      return JSON.parse(next.value) as T;
    },
    async close() {
      if (generator.exitCode !== null || generator.signalCode !== null) return;
      generator.kill('SIGTERM');
      await once(generator, 'exit');
    },
  };
}
