import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The fixture service running as a child process, its stdout read as JSON log lines. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  /** The log lines written so far. */
  lines(): Record<string, unknown>[];
  stderr(): string;
  /** Resolves once a line with this `msg` was written. */
  waitForMessage(msg: string): Promise<void>;
  /** Resolves with the exit code once the process ended and its output was read. */
  readonly exited: Promise<number | null>;
}

export function startFixture(mode: 'run' | 'fail-to-start' | 'fail-to-stop'): FixtureProcess {
  const file = path.join(__dirname, 'fixture-service.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', file, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { msg: string; resolve: () => void }[] = [];
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of waiters.filter(({ msg }) => lines().some((line) => line['msg'] === msg))) {
      waiter.resolve();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    // 'close', not 'exit': only then has all of stdout and stderr been read.
    child.on('close', (code) => {
      resolve(code);
    });
  });
  return {
    child,
    lines,
    stderr: () => stderr,
    waitForMessage: (msg) =>
      lines().some((line) => line['msg'] === msg)
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            waiters.push({ msg, resolve });
            void exited.then(() => {
              reject(new Error(`exited before logging "${msg}":\n${stdout}${stderr}`));
            });
          }),
    exited,
  };
}
