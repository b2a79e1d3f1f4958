import { defaultConsumeOptions } from '@homeport/messaging';
import { startDistributedPlatform, sumMetric, type RunningPlatform } from '@homeport/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ReadSideSettings } from '../cli-options';
import { bundleDistributedServices } from '../modes/distributed';
import { unlimitedPublishRate } from '../modes/embedded';
import { createDeviceIdPrefix, provisionBenchDevices } from '../modes/target';
import {
  createProcessSampler,
  processById,
  processesByCommand,
  type ProcessSampler,
  type ProcessUsage,
} from '../process-sampler';
import type { ConnectionLoadSettings, FleetConnectFigures } from './connection-load';
import { startCpuContention, type CpuContention } from './cpu-contention';
import { openFilesLimit, startGeneratorProcess } from './generator-process';
import { measureMosquittoConnections, type MosquittoConnectionsFigures } from './mosquitto-connections';
import { createPeakRss } from './peak-rss';

/** CPU (% of one core over the phase) and resident memory at its end, per process. */
export type PhaseUsage = Readonly<Record<string, { readonly cpuPercent: number; readonly rssBytes: number }>>;

/** The connections step's figures. */
export interface ConnectionsFigures {
  /** Devices asked for; fewer are provisioned when the open-files limit cannot be raised. */
  readonly devices: number;
  /** broker-api's and the generator's open-files limit. */
  readonly openFilesLimit: number;
  readonly provisionedDevices: number;
  readonly provisionSeconds: number;
  readonly keepaliveSeconds: number;
  readonly connectWindow: number;
  /** The fleet's first connection, one device after another through the window. */
  readonly connect: FleetConnectFigures;
  /** Every device connected, each publishing one message a minute. */
  readonly rest: {
    readonly seconds: number;
    readonly published: number;
    readonly acknowledged: number;
    readonly usage: PhaseUsage;
  };
  /** Every connection dropped at once, every device back at once. */
  readonly storm: FleetConnectFigures & {
    /** After the last SUBACK, until broker-api was quiet (its presence writes done); counted in `usage`. */
    readonly settleMs: number;
    readonly usage: PhaseUsage;
    /**
     * Requests broker-api's HTTP API answered meanwhile: public-api's live-events and webhook consumers
     * each read the device (GET /devices/:id) for every presence event.
     */
    readonly brokerHttpRequests: number;
    /**
     * Devices back within broker-api's DEVICE_OFFLINE_GRACE_MS (`mqtt_lost_connections_resumed_total`): their
     * reconnect was no presence change, so no event or retained presence message.
     */
    readonly resumedWithinGrace: number;
    /** broker-api's CPU per accepted CONNECT over the storm (the closes included), µs. */
    readonly brokerCpuMicrosPerConnect: number;
    /**
     * broker-api's garbage collection pauses per accepted CONNECT over the same window (`/metrics`,
     * nodejs_gc_duration_seconds), µs: its main thread's share of the CPU above; V8's concurrent marking on
     * helper threads is in the CPU but not here.
     */
    readonly brokerGcMicrosPerConnect: number;
    /**
     * From the storm's first CONNECT to its last SUBACK: the machine's CPU and broker-api's main thread's
     * time on a CPU and waiting for one (a saturated event loop on a full machine waits for a core).
     */
    readonly contention: CpuContention;
  };
  /** Connections the broker closed during the run (keepalive, refusals). */
  readonly lost: number;
  /** The same fleet, credentials and generator on a private Mosquitto, after the platform stopped. */
  readonly mosquitto: MosquittoConnectionsFigures;
  /** broker-api's peak resident memory in each phase (not only at its end), bytes. */
  readonly brokerPeakRss: {
    readonly connect: number;
    readonly rest: number;
    readonly storm: number;
    /** The kernel refused to reset the peak: each is the peak since broker-api started. */
    readonly sinceStart: boolean;
  };
}

const execFileAsync = promisify(execFile);
/** Loopback source addresses: 20,000 sockets, dropped and reopened, exceed one address's ephemeral ports. */
const localAddresses = Array.from({ length: 8 }, (_, index) => `127.0.0.${index + 2}`);

/** Descriptors a process holds besides its device sockets (servers, listeners, files). */
const reservedFiles = 200;

/**
 * Raises broker-api's open-files limit (prlimit(1); passing the hard limit needs CAP_SYS_RESOURCE). Returns
 * the limit it has now: the raised one, or its own when it could not be raised.
 */
async function raiseOpenFiles(pid: number): Promise<{ limit: number; raised: boolean }> {
  try {
    await execFileAsync('prlimit', [`--pid=${pid}`, `--nofile=${openFilesLimit}:${openFilesLimit}`]);
    return { limit: openFilesLimit, raised: true };
  } catch {
    const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 1024);
    return { limit: soft, raised: false };
  }
}

/**
 * Waits until broker-api used under 5% of a core over a second (at most `timeoutMs`): the work a phase
 * left behind (presence writes of the connections closed and opened) belongs to it. Returns the wait, ms.
 */
async function waitForQuietBroker(sampler: ProcessSampler, timeoutMs: number): Promise<number> {
  const startedAt = performance.now();
  let last = (await sampler.sample()).get('broker-api')?.cpuSeconds ?? 0;
  while (performance.now() - startedAt < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = (await sampler.sample()).get('broker-api')?.cpuSeconds ?? 0;
    if (now - last < 0.05) break;
    last = now;
  }
  return Math.round(performance.now() - startedAt);
}

function usageBetween(
  before: ReadonlyMap<string, ProcessUsage>,
  after: ReadonlyMap<string, ProcessUsage>,
  seconds: number,
): PhaseUsage {
  return Object.fromEntries(
    [...after].map(([name, usage]) => [
      name,
      {
        cpuPercent:
          Math.round((((usage.cpuSeconds - (before.get(name)?.cpuSeconds ?? 0)) * 100) / seconds) * 10) / 10,
        rssBytes: usage.rssBytes,
      },
    ]),
  );
}

/**
 * The connections step (issue 22): N provisioned devices on one broker-api process (distributed platform on
 * this machine's servers), each a raw MQTT connection of a generator process (keepalive 60 s, a message a
 * minute); broker-api's CPU and memory at rest, then a reconnect storm: all N dropped and back at once.
 * The services run their bundles, as their images do, unless `runSources` (their tsx sources).
 */
export async function runConnectionsStep(
  settings: Pick<ReadSideSettings, 'serviceEnv' | 'profileDir' | 'connections' | 'runSources'>,
  onStatus: (text: string) => void,
): Promise<ConnectionsFigures> {
  const bundles = await bundleDistributedServices(settings.runSources, onStatus);
  try {
    return await runOnPlatform(settings, bundles?.name, onStatus);
  } finally {
    await bundles?.remove();
  }
}

async function runOnPlatform(
  settings: Pick<ReadSideSettings, 'serviceEnv' | 'profileDir' | 'connections'>,
  bundleName: string | undefined,
  onStatus: (text: string) => void,
): Promise<ConnectionsFigures> {
  const { devices: count, restSeconds, connectWindow } = settings.connections;
  const platform = await startDistributedPlatform({
    purpose: 'bench_connections',
    env: {
      ...unlimitedPublishRate,
      ...settings.serviceEnv,
      ...(settings.profileDir !== undefined && {
        NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${settings.profileDir}`,
      }),
    },
    stateWorkers: 1,
    fanOutReplicas: 1,
    fanOutPartitions: 1,
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
    bundleName,
    onStatus,
  });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'bench-connections-'));
  try {
    let homeport: HomeportConnections;
    try {
      homeport = await measureConnections(platform, workDir, { count, restSeconds, connectWindow }, onStatus);
    } finally {
      await platform.close();
    }
    const { figures, load, raisedLimit } = homeport;
    return { ...figures, mosquitto: await measureMosquittoConnections(load, workDir, raisedLimit, onStatus) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** broker-api's figures, and the fleet it carried for the baseline to carry again. */
interface HomeportConnections {
  readonly figures: Omit<ConnectionsFigures, 'mosquitto'>;
  readonly load: ConnectionLoadSettings;
  /** The generator's open-files limit could be raised. */
  readonly raisedLimit: boolean;
}

async function measureConnections(
  platform: RunningPlatform,
  workDir: string,
  { count, restSeconds, connectWindow }: { count: number; restSeconds: number; connectWindow: number },
  onStatus: (text: string) => void,
): Promise<HomeportConnections> {
  const broker = platform.processes.find(({ label }) => label.startsWith('broker-api'));
  if (broker === undefined) throw new Error('no broker-api process in the platform');
  const openFiles = await raiseOpenFiles(broker.pid);
  // Without the right to raise it, one process holds at most its limit of sockets, less what it needs else.
  const devices = Math.min(count, openFiles.limit - reservedFiles);
  if (devices < count) {
    onStatus(`open files limited to ${openFiles.limit} (prlimit refused): ${devices} devices, not ${count}`);
  }
  const provisionStartedAt = performance.now();
  const provisioned = await provisionBenchDevices(
    { ...platform.brokerApi, mqttUrl: platform.mqttUrl },
    { vendorId: createDeviceIdPrefix(), productId: 'thermostat' },
    { devices, onStatus, concurrency: 50 },
  );
  const provisionSeconds = (performance.now() - provisionStartedAt) / 1000;
  const mqtt = new URL(platform.mqttUrl);
  const keepaliveSeconds = 60;
  const loadSettings: ConnectionLoadSettings = {
    host: mqtt.hostname,
    port: Number(mqtt.port),
    keepaliveSeconds,
    localAddresses,
    window: connectWindow,
    publishIntervalSeconds: 60,
    devices: provisioned.devices,
  };
  const generator = await startGeneratorProcess(loadSettings, workDir, openFiles.raised);
  const send = generator.send.bind(generator);
  // The platform's other services too: they handle the storm's presence events meanwhile.
  const services = platform.processes
    .filter(({ label }) => !label.startsWith('broker-api'))
    .map(({ label, pid }) => processById(label.replace(/#1$/, ''), pid));
  const sampler = createProcessSampler([
    processById('broker-api', broker.pid),
    ...services,
    processById('generator', () => generator.pid),
    processesByCommand('postgres', ['postgres']),
    processesByCommand('redis', ['redis-server']),
    processesByCommand('rabbitmq', ['beam.smp']),
  ]);
  const peakRss = createPeakRss(broker.pid);
  try {
    onStatus(`connecting ${provisioned.devices.length} devices`);
    await peakRss.reset();
    const connect = await send<FleetConnectFigures>('connect');
    await send('publish');
    const connectPeak = await peakRss.read();
    await peakRss.reset();
    onStatus(`${connect.subscribed} devices connected, at rest for ${restSeconds} s`);
    const restBefore = await sampler.sample();
    const restStartedAt = performance.now();
    const countersBefore = await send<{ published: number; acknowledged: number }>('counters');
    await new Promise((resolve) => setTimeout(resolve, restSeconds * 1000));
    const countersAfter = await send<{ published: number; acknowledged: number }>('counters');
    const restAfter = await sampler.sample();
    const restElapsed = (performance.now() - restStartedAt) / 1000;
    const restPeak = await peakRss.read();
    await peakRss.reset();
    onStatus(`reconnect storm: ${connect.subscribed} devices`);
    const readBrokerMetrics = async () => {
      const text = await (await fetch(`${platform.brokerApi.url}/metrics`)).text();
      return {
        httpRequests: sumMetric(text, 'http_request_duration_seconds_count'),
        gcSeconds: sumMetric(text, 'nodejs_gc_duration_seconds_sum'),
        resumed: sumMetric(text, 'mqtt_lost_connections_resumed_total'),
      };
    };
    const metricsBefore = await readBrokerMetrics();
    const stormBefore = await sampler.sample();
    const contention = await startCpuContention(broker.pid);
    const storm = await send<FleetConnectFigures>('reconnect');
    const stormContention = await contention.stop();
    const stormSettleMs = await waitForQuietBroker(sampler, 60_000);
    const stormAfter = await sampler.sample();
    const stormPeak = await peakRss.read();
    const metricsAfter = await readBrokerMetrics();
    const brokerCpuSeconds =
      (stormAfter.get('broker-api')?.cpuSeconds ?? 0) - (stormBefore.get('broker-api')?.cpuSeconds ?? 0);
    const { lost } = await send<{ lost: number }>('counters');
    await send('stop');
    // The closes' presence writes, before the platform stops (and profiles are written).
    await waitForQuietBroker(sampler, 60_000);
    const figures: HomeportConnections['figures'] = {
      devices: count,
      openFilesLimit: openFiles.limit,
      provisionedDevices: provisioned.devices.length,
      provisionSeconds: Math.round(provisionSeconds),
      keepaliveSeconds,
      connectWindow,
      connect,
      rest: {
        seconds: Math.round(restElapsed),
        published: countersAfter.published - countersBefore.published,
        acknowledged: countersAfter.acknowledged - countersBefore.acknowledged,
        usage: usageBetween(restBefore, restAfter, restElapsed),
      },
      storm: {
        ...storm,
        settleMs: stormSettleMs,
        brokerHttpRequests: metricsAfter.httpRequests - metricsBefore.httpRequests,
        resumedWithinGrace: metricsAfter.resumed - metricsBefore.resumed,
        usage: usageBetween(stormBefore, stormAfter, (storm.elapsedMs + stormSettleMs) / 1000),
        brokerCpuMicrosPerConnect: Math.round((brokerCpuSeconds * 1e6) / Math.max(1, storm.subscribed)),
        brokerGcMicrosPerConnect: Math.round(
          ((metricsAfter.gcSeconds - metricsBefore.gcSeconds) * 1e6) / Math.max(1, storm.subscribed),
        ),
        contention: stormContention,
      },
      lost,
      brokerPeakRss: {
        connect: connectPeak.bytes,
        rest: restPeak.bytes,
        storm: stormPeak.bytes,
        sinceStart: stormPeak.sinceStart,
      },
    };
    return { figures, load: loadSettings, raisedLimit: openFiles.raised };
  } finally {
    await generator.close();
  }
}
