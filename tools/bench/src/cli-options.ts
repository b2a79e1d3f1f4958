import path from 'node:path';
import { parseArgs } from 'node:util';
import { readListOption, readNumberOption, UsageError, type CliRequest } from '@homeport/simulator';
import { modeNames, type ModeName } from './results';
import type { AlertsStepSettings } from './alerts/alerts-step';
import type { VendorDevicesSettings } from './vendor-devices/vendor-devices-step';
import type { ModeSettings } from './run-mode';

/**
 * The steps beside the modes (--steps): history queries, the API step, connections, geofencing, alerts, the
 * vendor device table.
 */
export const readStepNames = [
  'history',
  'api',
  'connections',
  'geofencing',
  'alerts',
  'vendor-devices',
] as const;
export type ReadStepName = (typeof readStepNames)[number];

/** What `--steps` runs, and how long. */
export interface ReadSideSettings {
  readonly steps: readonly ReadStepName[];
  /** Timed history queries per store (--queries). */
  readonly queries: number;
  /** Each API target's measured seconds (--seconds). */
  readonly seconds: number;
  /** Where every service process writes a CPU profile when it stops (--profile-dir). */
  readonly profileDir: string | undefined;
  /** Extra settings of every Homeport process of the API and connections steps (--env). */
  readonly serviceEnv: Readonly<Record<string, string>>;
  /** The connections step runs the services' tsx sources instead of their bundles (--sources). */
  readonly runSources: boolean;
  /** The connections step: devices (--devices, default 20,000), time at rest, CONNECTs in flight. */
  readonly connections: {
    readonly devices: number;
    readonly restSeconds: number;
    readonly connectWindow: number;
  };
  /** The geofencing step: phones (--phones, default 1000), a fix each every 10 s for --seconds (default 60). */
  readonly geofencing: { readonly phones: number; readonly seconds: number };
  /** The alerts step (tools/bench/src/alerts). */
  readonly alerts: AlertsStepSettings;
  /** The vendor device table step (tools/bench/src/vendor-devices). */
  readonly vendorDevices: VendorDevicesSettings;
}

/** Everything a run needs. */
export interface BenchOptions extends ModeSettings {
  readonly modes: readonly ModeName[];
  readonly jsonFile: string;
  /** Instead of the modes: this many emails through a notifications process (--emails). */
  readonly emails: number | undefined;
  /** Instead of the modes: the read side (--steps). */
  readonly readSide: ReadSideSettings | undefined;
}

/** The --help text. */
export const usage = `Usage: npm run bench -- [options]

Measures end-to-end throughput and latency (publish at QoS 1 -> stored and event emitted) of Homeport,
against Mosquitto alone as the baseline. Progress on stderr, a table on stdout, everything in a JSON file.

  --modes LIST           baseline,embedded,distributed (default: all three; the baseline always first)
  --devices N            simulated thermostats, each its own MQTT connection (default 1000)
  --search               find the highest sustained rate (default): steps from --start-rate, x --growth
                         while sustained, then --bisections steps between the last good and first bad rate
  --rate R               instead: one step at R msg/s (whole fleet) for --duration seconds
  --duration S           length of the --rate step (default: --step-seconds)
  --start-rate R         first rate of the search, msg/s (default 1000)
  --max-rate R           highest rate tried (default 40000)
  --growth F             rate factor between sustained steps (default 1.5)
  --bisections N         steps between last good and first bad rate (default 1)
  --step-seconds S       publishing time of each step (default 15)
  --grace-seconds S      time after a step for processing to catch up (default 5)
  --warmup-seconds S     unjudged step at the first rate first (default 3; 0: none)
  --idle-seconds S       before the steps, the fleet connected and publishing nothing: each process's CPU
                         then is the platform's fixed cost (default 5; 0: not measured)
  --state-workers N      distributed mode: state-workers processes (default 1)
  --fan-out-replicas N   distributed mode: fan-out processes (default 1)
  --fan-out-partitions P distributed mode: 1 = one MQTT session (single mode, default); more = partitioned
  --sources              distributed mode and connections step: run the services' sources under tsx, as the
                         tests do, instead of their bundles (scripts/build-service's dist/main.js, what the
                         images run)
  --profile-dir DIR      embedded and distributed modes: a CPU profile of every Homeport process over each
                         step, idle included (DIR/<mode>-<step>-<process>.cpuprofile, and .top.txt: its
                         top self-time entries), taken through their inspectors
  --env KEY=VALUE        extra setting of every Homeport process (repeatable), e.g. --env PREFETCH=200;
                         with --steps api too (--env CALLER_CACHE_MAX_AGE_SECONDS=0: public-api uncached)
  --emails N             instead of the modes: N alert emails through a notifications process to a local
                         SMTP server (servers of npm run services): emails/s and its CPU per email
  --steps LIST           instead of the modes: the read side, history,api: a year of one-minute history
                         queried from InfluxDB and SQL (--queries N timed queries each, default 5); one
                         device's state read through public-api at 50 connections beside a bare fastify
                         hello-world (--seconds S each, default 10; --profile-dir DIR: CPU profiles of
                         the service processes)
  --steps connections    instead of the modes: --devices N (default 20000) devices each on a raw MQTT
                         connection to one broker-api (keepalive 60 s, a message a minute each): its CPU
                         and memory over --rest-seconds (default 60), then a reconnect storm (all dropped,
                         all back; --connect-window CONNECTs in flight, default 1000): CONNECTs/s, time;
                         then the same fleet on a private Mosquitto with the devices' logins, for scale
  --steps geofencing     instead of the modes: public-api and geofencing as processes, --phones N users
                         (default 1000) each with a home and a phone sending a fix every 10 s through
                         POST /v1/account/location/fixes for --seconds S (default 60; a fifth of the phones
                         crossing their zone): fixes/s, lag fix -> evaluation p50/p99, transitions, CPU per fix
  --steps alerts         instead of the modes: the distributed mode plus an alerts process, --rules N
                         (default 10000) over --devices N (default 1000) devices through its API; the
                         rate search (--start-rate default 2300, --growth, --bisections, --max-rate) for
                         the pipeline's highest sustained rate with alerts beside it, or one step at
                         --rate R; each step --seconds S (default 20) after --warmup-seconds: sustained,
                         ingested/s vs evaluated/s, alerts' lag p50/p99/max, its CPU per event,
                         fired/resolved, kept up (lag p99 < 1 s) at each rate and at the highest sustained
  --steps vendor-devices instead of the modes: broker-api and public-api as processes, --devices N (default
                         100000) devices of one vendor and 10,000 of another seeded in the registry, then the
                         vendor's device table through GET /v1/vendors/{vendorId}/devices with a vendor key:
                         first page, a deep page, searches, filters; --calls N each (default 50): p50/p95/max
                         beside the 300 ms target
  --json FILE            result file (default bench-results/bench-<timestamp>.json)
  --help

A step is sustained when, within the grace period, processed >= 99.9% of accepted (PUBACKs), p99 < 1 s,
and accepted >= 99% of attempted (rate x duration).
`;

const numberOption = { type: 'string' } as const;

/** Parses the arguments; throws UsageError naming what is wrong. */
export function parseCli(args: readonly string[], now: Date = new Date()): CliRequest<BenchOptions> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...{ modes: { type: 'string' }, devices: numberOption, search: { type: 'boolean' } },
        ...{
          rate: numberOption,
          duration: numberOption,
          'start-rate': numberOption,
          'max-rate': numberOption,
        },
        ...{ growth: numberOption, bisections: numberOption, 'step-seconds': numberOption },
        ...{ 'grace-seconds': numberOption, 'warmup-seconds': numberOption, 'idle-seconds': numberOption },
        ...{ 'state-workers': numberOption, emails: numberOption },
        ...{ 'fan-out-replicas': numberOption, 'fan-out-partitions': numberOption },
        ...{ sources: { type: 'boolean' } },
        ...{ env: { type: 'string', multiple: true }, json: { type: 'string' }, help: { type: 'boolean' } },
        ...{ steps: { type: 'string' }, queries: numberOption, seconds: numberOption, rules: numberOption },
        ...{
          'profile-dir': { type: 'string' },
          'rest-seconds': numberOption,
          'connect-window': numberOption,
          phones: numberOption,
          calls: numberOption,
        },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: 'help' };
  if (values.search === true && values.rate !== undefined)
    throw new UsageError('--search and --rate exclude each other');
  const read = (name: string, text: string | undefined, fallback: number, min: number) =>
    readNumberOption(name, text, fallback, { min });
  const stepSeconds = read('--step-seconds', values['step-seconds'], 15, 1);
  const fixedRate = values.rate === undefined ? undefined : read('--rate', values.rate, 0, 1);
  const options: BenchOptions = {
    // Always in the canonical order: the baseline first, so the others can be set against it.
    modes: readListOption('--modes', values.modes, modeNames),
    devices: Math.round(read('--devices', values.devices, 1000, 1)),
    fixedRate,
    startRate: read('--start-rate', values['start-rate'], 1000, 1),
    maxRate: read('--max-rate', values['max-rate'], 40_000, 1),
    growthFactor: read('--growth', values.growth, 1.5, 1.01),
    bisections: Math.round(read('--bisections', values.bisections, 1, 0)),
    stepMs:
      (fixedRate === undefined ? stepSeconds : read('--duration', values.duration, stepSeconds, 1)) * 1000,
    graceMs: read('--grace-seconds', values['grace-seconds'], 5, 0) * 1000,
    warmupMs: read('--warmup-seconds', values['warmup-seconds'], 3, 0) * 1000,
    idleMs: read('--idle-seconds', values['idle-seconds'], 5, 0) * 1000,
    settleTimeoutMs: 60_000,
    ...(values['profile-dir'] !== undefined && { profileDir: path.resolve(values['profile-dir']) }),
    stateWorkers: Math.round(read('--state-workers', values['state-workers'], 1, 1)),
    fanOutReplicas: Math.round(read('--fan-out-replicas', values['fan-out-replicas'], 1, 1)),
    fanOutPartitions: Math.round(read('--fan-out-partitions', values['fan-out-partitions'], 1, 1)),
    runSources: values.sources === true,
    serviceEnv: readEnv(values.env ?? []),
    jsonFile: values.json ?? defaultJsonFile(now),
    emails: values.emails === undefined ? undefined : Math.round(read('--emails', values.emails, 0, 1)),
    readSide:
      values.steps === undefined
        ? undefined
        : {
            steps: readListOption('--steps', values.steps, readStepNames),
            queries: Math.round(read('--queries', values.queries, 5, 1)),
            seconds: read('--seconds', values.seconds, 10, 1),
            profileDir: values['profile-dir'],
            serviceEnv: readEnv(values.env ?? []),
            runSources: values.sources === true,
            connections: {
              devices: Math.round(read('--devices', values.devices, 20_000, 1)),
              restSeconds: read('--rest-seconds', values['rest-seconds'], 60, 1),
              connectWindow: Math.round(read('--connect-window', values['connect-window'], 1000, 1)),
            },
            geofencing: {
              phones: Math.round(read('--phones', values.phones, 1000, 1)),
              seconds: read('--seconds', values.seconds, 60, 1),
            },
            alerts: {
              devices: Math.round(read('--devices', values.devices, 1000, 1)),
              rate: fixedRate,
              search: {
                startRate: read('--start-rate', values['start-rate'], 2300, 1),
                maxRate: read('--max-rate', values['max-rate'], 40_000, 1),
                growthFactor: read('--growth', values.growth, 1.5, 1.01),
                bisections: Math.round(read('--bisections', values.bisections, 1, 0)),
              },
              seconds: read('--seconds', values.seconds, 20, 1),
              rules: Math.round(read('--rules', values.rules, 10_000, 1)),
              warmupSeconds: read('--warmup-seconds', values['warmup-seconds'], 3, 0),
              catchUpSeconds: 60,
              serviceEnv: readEnv(values.env ?? []),
              profileDir: values['profile-dir'],
            },
            vendorDevices: {
              devices: Math.round(read('--devices', values.devices, 100_000, 1)),
              otherDevices: 10_000,
              calls: Math.round(read('--calls', values.calls, 50, 1)),
              serviceEnv: readEnv(values.env ?? []),
            },
          },
  };
  if (values.duration !== undefined && fixedRate === undefined)
    throw new UsageError('--duration goes with --rate');
  return { kind: 'run', options };
}

function readEnv(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(entry);
    if (match === null) throw new UsageError(`--env takes KEY=VALUE, not "${entry}"`);
    env[match[1] ?? ''] = match[2] ?? '';
  }
  return env;
}

/** `bench-results/bench-2026-05-01T12-30-00.json`, relative to the current directory. */
function defaultJsonFile(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return path.join('bench-results', `bench-${stamp}.json`);
}
