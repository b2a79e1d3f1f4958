import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for';

const workspaceRoot = path.join(__dirname, '..', '..', '..');
const keptLogLines = 300;

/** How to start one service process (kept, so the same process can be started again). */
export interface ServiceProcessOptions {
  /** The app's folder name: the process runs apps/<service>/src/main.ts. */
  readonly service: string;
  /** Shown in logs and errors, e.g. `state-workers#2`. */
  readonly label: string;
  /** The service's whole environment (only PATH and HOME are inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Time for its "started" log line; default 30 s (more on a machine busy with other work). */
  readonly startTimeoutMs?: number;
  /** Node's own flags before the loader, as the deployment gives them (e.g. V8 heap limits). */
  readonly nodeFlags?: readonly string[];
  /**
   * Runs `apps/<service>/dist/<bundleName>/dist/main.js` (scripts/build-service/bundle.mts's output), the
   * service as its image runs it, instead of its sources under tsx. Under the app's folder, so that its
   * packages resolve as its sources' do (apps/public-api/node_modules holds a lru-cache of its own).
   */
  readonly bundleName?: string;
}

/**
 * One running service process: `node --import tsx apps/<service>/src/main.ts`, or its bundle as the image runs
 * it (`node --enable-source-maps dist/main.js`).
 */
export interface ServiceProcess {
  readonly options: ServiceProcessOptions;
  readonly pid: number;
  /** Base URL of its HTTP server (/health, /ready, /metrics; broker-api's API too). */
  readonly url: string;
  /** The JSON log line it wrote once started (broker-api's holds its MQTT ports). */
  readonly startedLine: Readonly<Record<string, unknown>>;
  hasExited(): boolean;
  /** `exit code 1`, `signal SIGKILL`; undefined while it runs. */
  exitStatus(): string | undefined;
  /** True when GET /ready answers 200. */
  isReady(): Promise<boolean>;
  /**
   * Waits until GET /ready answers 200 (default 45 s). Long enough for a service's own recovery at start,
   * e.g. fan-out's new session after its MQTT connect or subscribe timeout (MQTT_CONNECT_TIMEOUT_MS 5 s in the
   * pipeline's settings, MQTT_SUBSCRIBE_TIMEOUT_MS 10 s).
   */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Sum of a metric's samples over its labels, from GET /metrics. */
  readMetric(name: string, labels?: MetricLabels): Promise<number>;
  /** The last log lines, for failure messages. */
  logTail(): string;
  /** `kill -9`: nothing runs after this instant (no shutdown, no ack). */
  killHard(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * The timeout of a suite's set-up that starts services: longer than one service's start (30 s) and readiness
 * (45 s) together, so a set-up that stalls fails on the step that stalled, with that process's logs, rather
 * than on the hook's own timeout, which says nothing of where it stood (a CI run of session 33).
 */
export const serviceSetUpTimeoutMs = 120_000;

/**
 * Starts a service as its own process (the tsx loader inside that process, so a signal hits the service
 * itself, not a wrapper) and waits for its "<service> started" log line. Set E2E_LOG=1 to see its logs.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const program =
    options.bundleName === undefined
      ? ['--import', 'tsx', `apps/${options.service}/src/main.ts`]
      : ['--enable-source-maps', `apps/${options.service}/dist/${options.bundleName}/dist/main.js`];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...program], {
    cwd: workspaceRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let startedLine: Record<string, unknown> | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > keptLogLines) lines.shift();
      if (process.env.E2E_LOG === '1') process.stderr.write(`[${options.label}] ${line}\n`);
      startedLine ??= readStartedLine(options.service, line);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const logTail = () => `${options.label} (pid ${child.pid ?? '?'}) logs:\n${lines.join('\n')}`;
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`${options.label} exited at start. ${logTail()}`);
      return startedLine !== undefined;
    },
    `${options.label} to start`,
    { timeoutMs: options.startTimeoutMs ?? 30_000 },
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const started = startedLine ?? {};
  const url = readUrl(started);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const signal = (name: NodeJS.Signals) => {
    if (!hasExited()) child.kill(name);
    return exited;
  };
  const isReady = async () => {
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      return false;
    }
  };
  return {
    options,
    pid: child.pid ?? -1,
    url,
    startedLine: started,
    hasExited,
    exitStatus: () => describeExit(child),
    isReady,
    waitForReady: (timeoutMs = 45_000) =>
      waitFor(
        () => {
          if (hasExited()) throw new Error(`${options.label} exited. ${logTail()}`);
          return isReady();
        },
        `${options.label} to be ready`,
        { timeoutMs, intervalMs: 100 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}. ${logTail()}`, { cause: error });
      }),
    readMetric: async (name, labels) => sumMetric(await (await fetch(`${url}/metrics`)).text(), name, labels),
    logTail,
    killHard: async () => {
      await signal('SIGKILL');
    },
    stop: async (graceMs = 5000) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await signal('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** `exit code 1`, `signal SIGKILL`; undefined while the process runs. */
export function describeExit(child: {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
}): string | undefined {
  if (child.signalCode !== null) return `signal ${child.signalCode}`;
  return child.exitCode === null ? undefined : `exit code ${child.exitCode}`;
}

function readStartedLine(service: string, line: string): Record<string, unknown> | undefined {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    return entry.msg === `${service} started` ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** broker-api logs `http` (its URL), the other services `url`. */
function readUrl(startedLine: Record<string, unknown>): string {
  const url = startedLine.url ?? startedLine.http;
  if (typeof url !== 'string') throw new Error(`no URL in ${JSON.stringify(startedLine)}`);
  return url;
}

/** Label values a sample must have to be counted (`{ route: '/devices/:deviceId/view', method: 'GET' }`). */
export type MetricLabels = Readonly<Record<string, string>>;

/** Adds up every sample of `name` in Prometheus text format, of those with all of `labels` when given. */
export function sumMetric(metricsText: string, name: string, labels: MetricLabels = {}): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return metricsText
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((pair) => line.includes(pair)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
