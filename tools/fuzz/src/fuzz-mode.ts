import { randomBytes } from 'node:crypto';
import { buildDeviceTopic } from '@homeport/contracts';
import { buildDeviceIds } from '@homeport/simulator';
import { sleep, type RunningPlatform } from '@homeport/testing';
import {
  createRecentInputs,
  saveCrash,
  watchProcesses,
  type DeadProcess,
  type ProcessWatch,
  type RecentInputs,
} from './crash-watch';
import { createFindings, recordOutcome, type Findings } from './findings';
import { prepareFuzzWorld, type FuzzWorld } from './fuzz-world';
import { createHostilePublisher } from './hostile-publisher';
import {
  checkInnocentFleet,
  startInnocentFleet,
  type InnocentCheck,
  type InnocentFleet,
} from './innocent-fleet';
import { generateInputs, splitInputs } from './input-stream';
import { inputFamilies, type FuzzInput, type InputFamily } from './inputs';
import { buildLoginPacket } from './raw-mqtt';
import { sendInput, type SendContext } from './send-input';

/** Settings of one mode's run. */
export interface ModeRunSettings {
  readonly inputs: number;
  readonly families: readonly InputFamily[];
  readonly seed: number;
  readonly devices: number;
  /** Messages per second of each innocent device. */
  readonly innocentRatePerSecond: number;
  /** Where crash files go. */
  readonly outDir: string;
  /** Aborting stops sending (Ctrl-C); the innocent devices are still checked and the report written. */
  readonly signal?: AbortSignal;
}

/** What one mode's run found. */
export interface ModeReport {
  readonly mode: string;
  readonly asked: number;
  readonly findings: Findings;
  readonly innocents: InnocentCheck | undefined;
  readonly durationMs: number;
  /** Why it stopped before sending every input, if it did. */
  readonly stoppedEarly?: string;
}

/**
 * Inputs of a family in flight at once: a raw connection per packet device; a message per payload device
 * (each publishes one at a time).
 */
function concurrencyOf(family: InputFamily, world: FuzzWorld): number {
  return {
    'mqtt-packet': world.packetDevices.length,
    'device-payload': world.payloadDevices.length,
    http: 4,
  }[family];
}

/** Sends a family's inputs from `inputs`, `workers` at a time, until they run out or `signal` aborts. */
async function runFamily(
  inputs: Iterator<FuzzInput>,
  workers: number,
  context: SendContext,
  recent: RecentInputs,
  signal: AbortSignal,
): Promise<void> {
  const work = async (lane: number) => {
    while (!signal.aborted) {
      const next = inputs.next();
      if (next.done === true) return;
      recent.add(next.value);
      await sendInput(next.value, context, lane).catch((error: unknown) => {
        recordOutcome(context.findings, next.value, `fuzzer error: ${String(error)}`.slice(0, 80));
      });
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, lane) => work(lane)));
}

/**
 * The local addresses hostile MQTT connections come from (Linux routes all of 127.0.0.0/8 to lo). broker-api
 * counts refused CONNECTs per remote address and, past its burst, refuses every CONNECT of that address: the
 * refused anonymous CONNECTs must not lock out the innocent devices (and fan-out) on 127.0.0.1, nor the
 * hostile devices' own logins, whose inputs would then never reach a logged-in session.
 */
export const hostileLocalAddresses = { anonymous: '127.0.0.2', hostileDevices: '127.0.0.3' } as const;

/** Where and as whom inputs are sent, for a prepared world. */
export function createSendContext(
  platform: RunningPlatform,
  world: FuzzWorld,
  findings: Findings,
  watch: ProcessWatch,
): SendContext {
  const { mqttUrl } = platform;
  const hostileDevices = { mqttUrl, localAddress: hostileLocalAddresses.hostileDevices };
  return {
    mqtt: { anonymous: { mqttUrl, localAddress: hostileLocalAddresses.anonymous }, hostileDevices },
    packetLogins: world.packetDevices.map(buildLoginPacket),
    payloadSenders: world.payloadDevices.map(({ device, topics }) => ({
      publisher: createHostilePublisher(hostileDevices, device, { ackTimeoutMs: 10_000 }),
      topics,
    })),
    brokerApiToken: platform.brokerApi.token,
    publicApiSession: world.publicApiSession,
    httpServices: Object.fromEntries(platform.httpServices.map((service) => [service.name, service.url])),
    findings,
    quietMs: 100,
    httpTimeoutMs: 10_000,
    // A process's exit is seen a little after its sockets reset.
    isPlatformDown: async () => {
      await sleep(500);
      return watch.check() !== undefined;
    },
  };
}

/**
 * Runs the fuzzer against a started platform: innocent devices report throughout; the three families send
 * their inputs at once; a process that dies stops the run (its recent inputs are saved); at the end every
 * innocent device's stored state is checked against what it last reported.
 */
export async function fuzzPlatform(
  mode: string,
  platform: RunningPlatform,
  settings: ModeRunSettings,
  onStatus: (text: string, findings?: Findings) => void,
): Promise<ModeReport> {
  const startedAt = Date.now();
  const runId = randomBytes(3).toString('hex');
  const innocentVendorId = `fz${runId}-innocent`;
  onStatus(`provisioning and connecting ${settings.devices} innocent devices`);
  const fleet = await startInnocentFleet({
    apiUrl: platform.brokerApi.url,
    apiToken: platform.brokerApi.token,
    mqttUrl: platform.mqttUrl,
    vendorId: innocentVendorId,
    productId: 'thermostat',
    devices: settings.devices,
    deviceIdPrefix: innocentVendorId,
    seed: settings.seed,
    ratePerSecond: settings.innocentRatePerSecond,
  });
  const innocentTopics = buildDeviceIds(innocentVendorId, Math.min(3, settings.devices)).flatMap(
    (deviceId) => [
      buildDeviceTopic('reported', { vendorId: innocentVendorId, deviceId }),
      buildDeviceTopic('telemetry', { vendorId: innocentVendorId, deviceId }),
    ],
  );
  onStatus('registering the hostile devices and reading the OpenAPI documents');
  const world = await prepareFuzzWorld(platform, { hostileVendorId: `fz${runId}-hostile`, innocentTopics });
  const findings = createFindings();
  const stop = new AbortController();
  settings.signal?.addEventListener(
    'abort',
    () => {
      stop.abort();
    },
    { once: true },
  );
  // A Ctrl-C in a terminal reaches the distributed services too: a death after it is no crash.
  const interrupted = () => settings.signal?.aborted === true;
  let crashed: DeadProcess | undefined;
  const watch = watchProcesses(platform.processes, 200, (dead) => {
    if (!interrupted()) crashed = dead;
    stop.abort();
  });
  const context = createSendContext(platform, world, findings, watch);
  const recent = createRecentInputs(2000);
  const progress = setInterval(() => {
    onStatus('fuzzing', findings);
  }, 1000);
  const counts = splitInputs(settings.inputs, settings.families);
  try {
    await Promise.all(
      inputFamilies.map((family) =>
        runFamily(
          generateInputs(family, world, settings.seed, counts[family]),
          concurrencyOf(family, world),
          context,
          recent,
          stop.signal,
        ),
      ),
    );
    // A death caused by the last inputs shows a little later (fan-out works after the PUBACK).
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    findings.publicApiLogins = world.publicApiSession.renewals();
    clearInterval(progress);
    for (const sender of context.payloadSenders) sender.publisher.close();
  }
  const dead = crashed ?? (interrupted() ? undefined : watch.check());
  watch.stop();
  if (dead !== undefined) {
    const inputs = recent.since(Date.now() - 15_000);
    findings.crashes.push(
      await saveCrash(
        settings.outDir,
        { mode, process: dead.process, exitStatus: dead.exitStatus, seed: settings.seed },
        inputs,
        dead.logTail,
      ),
    );
  }
  const innocents = await finishInnocents(fleet, platform, settings, dead === undefined, onStatus);
  return {
    mode,
    asked: settings.inputs,
    findings,
    innocents,
    durationMs: Date.now() - startedAt,
    ...(dead === undefined ? {} : { stoppedEarly: `${dead.process} died (${dead.exitStatus})` }),
    ...(dead === undefined && interrupted() ? { stoppedEarly: 'interrupted' } : {}),
  };
}

async function finishInnocents(
  fleet: InnocentFleet,
  platform: RunningPlatform,
  settings: ModeRunSettings,
  platformAlive: boolean,
  onStatus: (text: string) => void,
): Promise<InnocentCheck> {
  onStatus('stopping the innocent devices and waiting for their last states to be stored');
  await fleet.stop();
  return checkInnocentFleet(fleet, platform.brokerApi, {
    devices: settings.devices,
    timeoutMs: platformAlive ? 120_000 : 5000,
  });
}
