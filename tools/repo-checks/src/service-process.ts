import { spawn, type ChildProcess } from 'node:child_process';
import { createUniqueName, findFreePort, readTestServerUrls } from '@homeport/testing';
import type { EnvEntry } from './environment-check';
import type { ProgramConfig } from './services';

/** Local stand-ins for what a manifest points at inside a cluster. */
export interface LocalServers {
  readonly databaseUrl: string;
  readonly mqttUrl?: string;
  /** Unique per run: AMQP name prefix, Redis key prefix. */
  readonly namePrefix: string;
}

/**
 * Turns a manifest's environment into one that runs here: connection URLs to the local test servers (a
 * database of the test's own), ports to free ones, name prefixes to unique ones; every other value as
 * shipped. Throws on a *_URL it has no local server for.
 */
export async function localizeEnvironment(
  entries: readonly EnvEntry[],
  program: ProgramConfig,
  servers: LocalServers,
): Promise<Record<string, string>> {
  const urls = readTestServerUrls();
  const local: Record<string, string | undefined> = {
    DATABASE_URL: servers.databaseUrl,
    REDIS_URL: urls.redisUrl,
    AMQP_URL: urls.amqpUrl,
    INFLUX_URL: urls.influxUrl,
    MQTT_URL: servers.mqttUrl,
    // public-api calls broker-api only for device routes, notifications only for notification settings,
    // alerts only for alert routes, geofencing only for automations and analytics only for vendors' figures;
    // geofencing calls broker-api only to run automations; never for their probes: an address where nothing
    // listens.
    BROKER_API_URL: 'http://127.0.0.1:9',
    NOTIFICATIONS_API_URL: 'http://127.0.0.1:9',
    ALERTS_API_URL: 'http://127.0.0.1:9',
    GEOFENCING_API_URL: 'http://127.0.0.1:9',
    ANALYTICS_API_URL: 'http://127.0.0.1:9',
    // notifications connects to its SMTP server only to send, never for its probes.
    SMTP_URL: 'smtp://127.0.0.1:9',
  };
  // Addresses that go into what a service writes (links in emails), never connected to: kept as shipped.
  const linkKeys = new Set(['WEB_APP_URL']);
  const env: Record<string, string> = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
  for (const key of Object.keys(env).filter(
    (candidate) => candidate.endsWith('_URL') && !linkKeys.has(candidate),
  )) {
    const url = local[key];
    if (url === undefined) throw new Error(`no local server for ${key} of ${program.label}`);
    env[key] = url;
  }
  for (const { key } of program.keys) {
    if (key.endsWith('_PORT')) env[key] = String(await findFreePort());
    if (key === 'AMQP_NAME_PREFIX') env[key] = `${servers.namePrefix}.`;
    // broker-api reads state-workers' cached state under their prefix.
    if (key === 'REDIS_KEY_PREFIX' || key === 'DEVICE_STATE_KEY_PREFIX') env[key] = `${servers.namePrefix}:`;
    if (key === 'MQTT_CLIENT_ID') env[key] = `service:${createUniqueName('client')}`;
  }
  return env;
}

/** A child process with its output kept for failure messages. */
export interface RunningProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal), or rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | null>;
}

/** Spawns a program with exactly `env` (plus PATH): nothing of the test runner's environment leaks in. */
export function startProcess(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): RunningProcess {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    child,
    output: () => output,
    exited: (timeoutMs) =>
      Promise.race([
        exit,
        new Promise<never>((_resolve, reject) =>
          setTimeout(() => {
            reject(new Error(`still running after ${timeoutMs} ms`));
          }, timeoutMs).unref(),
        ),
      ]),
  };
}

/** Polls `url` until it answers 200 (resolves) or `timeoutMs` passes (rejects with the last answer). */
export async function waitForOk(url: string, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process exited while waiting for ${url}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}
