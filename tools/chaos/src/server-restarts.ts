import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { sleep } from '@homeport/testing';

const run = promisify(execFile);

/**
 * The restarts of shared servers the chaos run can make (root, as `npm run services`): `redis-persisted` keeps
 * Redis' data across the restart as the production Redis does (k8s/base: append-only file), `redis` loses it.
 */
export const serverNames = ['rabbitmq', 'postgres', 'redis-persisted', 'redis'] as const;
/** One of them. */
export type ServerName = (typeof serverNames)[number];

/** A command line: the program and its arguments. */
type Command = readonly [string, ...string[]];

/** How a server is stopped and started again, as on this machine (`scripts/services.sh` started them). */
interface ServerRestart {
  /** What the stop does to the server's data: said in the report. */
  readonly effect: string;
  readonly stop: readonly Command[];
  readonly start: readonly Command[];
}

const redisDirectory = '/var/lib/redis';
/** Redis as `npm run services` starts it: no persistence. */
const startRedis: Command = [
  'redis-server',
  ...['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379'],
  ...['--save', '', '--appendonly', 'no', '--dir', redisDirectory],
  ...['--logfile', '/var/log/redis/ci.log'],
];

/** PostgreSQL's cluster version: the one folder under /etc/postgresql (Debian's layout). */
function postgresVersion(): string {
  const [version] = readdirSync('/etc/postgresql');
  if (version === undefined) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return version;
}

/**
 * Every server restart of the run, in one place. Each server is down between its stop and its start for the
 * outage the run asks for. Redis here runs without persistence (as `npm run services` starts it): `shutdown
 * nosave` loses everything it held, as a crash of an unpersisted Redis would.
 */
function describeRestart(server: ServerName): ServerRestart {
  switch (server) {
    case 'rabbitmq':
      return {
        effect: 'connections closed; durable queues and persistent messages kept',
        stop: [['rabbitmqctl', 'stop_app']],
        start: [['rabbitmqctl', 'start_app']],
      };
    case 'postgres': {
      const cluster = [postgresVersion(), 'main'];
      return {
        effect: 'connections closed (fast shutdown); committed data kept',
        stop: [['pg_ctlcluster', '--skip-systemctl-redirect', '--mode', 'fast', ...cluster, 'stop']],
        start: [['pg_ctlcluster', '--skip-systemctl-redirect', ...cluster, 'start']],
      };
    }
    case 'redis-persisted':
      // A snapshot at shutdown, loaded at start, then deleted: the development Redis stays without persistence.
      return {
        effect: 'data kept (snapshot at shutdown), as a graceful restart of a persisted Redis',
        stop: [['redis-cli', 'shutdown', 'save']],
        start: [startRedis, ['rm', '-f', `${redisDirectory}/dump.rdb`]],
      };
    case 'redis':
      return {
        effect: 'no persistence: every key lost (MQTT sessions, queued messages, retained, caches)',
        stop: [['redis-cli', 'shutdown', 'nosave']],
        start: [startRedis],
      };
  }
}

/** What restarting `server` does to its data, for the report. */
export function describeRestartEffect(server: ServerName): string {
  return describeRestart(server).effect;
}

/** Stops the server, keeps it down for `outageMs`, starts it again; rejects naming the command that failed. */
export async function restartServer(server: ServerName, outageMs: number): Promise<void> {
  const restart = describeRestart(server);
  for (const command of restart.stop) await runCommand(command);
  await sleep(outageMs);
  for (const command of restart.start) await runCommand(command);
}

async function runCommand([program, ...args]: Command): Promise<void> {
  try {
    await run(program, args, { timeout: 120_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${[program, ...args].join(' ')} failed: ${stderr?.trim() ?? String(error)}`, {
      cause: error,
    });
  }
}
