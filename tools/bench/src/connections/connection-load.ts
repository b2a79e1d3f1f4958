/**
 * The connection load generator, a process of its own (its file-descriptor limit raised by the step):
 * `node --import tsx connection-load.ts <settings.json>`. Commands on stdin, one JSON line each
 * (`connect`, `publish`, `reconnect`, `counters`, `stop`); one JSON line on stdout answers each.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ProvisionedDevice } from '@homeport/simulator';
import { createRawDevice, type ConnectResult, type RawDevice, type RawFleetCounters } from './raw-device';

/** The generator's settings file. */
export interface ConnectionLoadSettings {
  readonly host: string;
  readonly port: number;
  readonly keepaliveSeconds: number;
  /** Source addresses the sockets are spread over (each has its own ephemeral port range). */
  readonly localAddresses: readonly string[];
  /** CONNECTs in flight at once (new TCP connections beyond the listen backlog wait for SYN retries). */
  readonly window: number;
  /** Seconds between two messages of one device. */
  readonly publishIntervalSeconds: number;
  readonly devices: readonly ProvisionedDevice[];
}

/** What connecting the whole fleet came to. */
export interface FleetConnectFigures {
  readonly attempted: number;
  readonly subscribed: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly failed: number;
  readonly firstFailures: readonly string[];
  /** From the first CONNECT to the last SUBACK. */
  readonly elapsedMs: number;
  /** Accepted CONNECTs (CONNACK 0) per second over `elapsedMs`. */
  readonly connectsPerSecond: number;
  readonly connackMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

const tickMs = 100;

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

async function connectAll(devices: readonly RawDevice[], settings: ConnectionLoadSettings) {
  const startedAt = performance.now();
  const results: ConnectResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const index = next;
      next += 1;
      const localAddress = settings.localAddresses[index % settings.localAddresses.length];
      const target = {
        host: settings.host,
        port: settings.port,
        localAddress,
        keepaliveSeconds: settings.keepaliveSeconds,
      };
      results.push(await (devices[index] as RawDevice).connect(target));
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.window, devices.length) }, worker));
  return summarize(results, performance.now() - startedAt);
}

function summarize(results: readonly ConnectResult[], elapsedMs: number): FleetConnectFigures {
  const refused: Record<string, number> = {};
  const firstFailures: string[] = [];
  const connack: number[] = [];
  let failed = 0;
  for (const result of results) {
    if (result.outcome === 'subscribed') connack.push(result.connackMs);
    else if (result.outcome === 'refused') {
      refused[`CONNACK ${result.returnCode}`] = (refused[`CONNACK ${result.returnCode}`] ?? 0) + 1;
    } else {
      failed += 1;
      if (firstFailures.length < 5) firstFailures.push(result.reason);
    }
  }
  connack.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    attempted: results.length,
    subscribed: connack.length,
    refused,
    failed,
    firstFailures,
    elapsedMs: Math.round(elapsedMs),
    connectsPerSecond: Math.round((connack.length * 1000) / Math.max(1, elapsedMs)),
    connackMs: {
      p50: round(percentile(connack, 0.5)),
      p99: round(percentile(connack, 0.99)),
      max: round(connack.at(-1) ?? 0),
    },
  };
}

/** Each device publishes once per interval, the fleet spread evenly over it (one slot per tick). */
function startPublishing(devices: readonly RawDevice[], intervalSeconds: number): () => void {
  const slots = Math.max(1, Math.round((intervalSeconds * 1000) / tickMs));
  let tick = 0;
  const timer = setInterval(() => {
    const slot = tick % slots;
    tick += 1;
    for (let index = slot; index < devices.length; index += slots) devices[index]?.publishTelemetry();
  }, tickMs);
  return () => {
    clearInterval(timer);
  };
}

async function main(): Promise<void> {
  const settingsFile = process.argv[2];
  if (settingsFile === undefined) throw new Error('usage: connection-load.ts <settings.json>');
  const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as ConnectionLoadSettings;
  const counters: RawFleetCounters = { published: 0, acknowledged: 0, failed: 0, lost: 0 };
  const devices = settings.devices.map((device) => createRawDevice(device, counters));
  let stopPublishing = () => {};
  const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

  for await (const line of createInterface({ input: process.stdin })) {
    const { command } = JSON.parse(line) as { command: string };
    if (command === 'connect') answer(await connectAll(devices, settings));
    else if (command === 'publish') {
      stopPublishing = startPublishing(devices, settings.publishIntervalSeconds);
      answer({ publishing: true });
    } else if (command === 'reconnect') {
      // Every connection lost at once (a network failure, a replica gone), then every device back at once.
      for (const device of devices) device.drop();
      answer(await connectAll(devices, settings));
    } else if (command === 'counters') {
      answer({ ...counters, connected: devices.filter((device) => device.isConnected()).length });
    } else if (command === 'stop') {
      stopPublishing();
      for (const device of devices) device.drop();
      answer({ stopped: true });
      break;
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`connection load: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
