import {
  createErrorLog,
  createRandom,
  createThermostat,
  runPublishLoop,
  seedFromText,
  settleConcurrently,
  type ErrorLog,
  type ProvisionedDevice,
  type Publisher,
} from '@homeport/simulator';
import {
  createRawDevice,
  type RawDevice,
  type RawDeviceTarget,
  type RawFleetCounters,
} from './connections/raw-device';

/** What the generator's devices did so far. */
export interface GeneratorTotals {
  readonly published: number;
  /** PUBACKs received: messages the broker accepted. */
  readonly accepted: number;
  /** Publishes that failed (or were unacknowledged when the devices disconnected). */
  readonly failed: number;
  /** Published, neither acknowledged nor failed yet. */
  readonly outstanding: number;
  readonly connected: number;
  readonly connectionLosses: number;
}

/** The simulated fleet, connected and ready to publish at a given total rate. */
export interface LoadGenerator {
  /** Devices whose session opened. */
  readonly devices: number;
  readonly errors: ErrorLog;
  totals(): GeneratorTotals;
  /**
   * Publishes `ratePerSecond` messages a second over the whole fleet (each device rate / devices, reported
   * state and telemetry in turn, stamped `ts` as it is published) for `durationMs`; resolves with how long.
   * At 0, the fleet stays connected and publishes nothing.
   */
  run(ratePerSecond: number, durationMs: number, signal?: AbortSignal): Promise<number>;
  /** Waits up to `drainTimeoutMs` for outstanding PUBACKs, then disconnects every device. */
  close(drainTimeoutMs: number): Promise<void>;
}

/** Settings of `connectGenerator`. */
export interface GeneratorOptions {
  readonly mqttUrl: string;
  readonly devices: readonly ProvisionedDevice[];
  /** MQTT connects at once; default 50. */
  readonly concurrency?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

/**
 * How often the publish loop looks for due devices. A thousand devices at a few messages a second each
 * add up to thousands a second: a 10 ms tick keeps them a steady stream rather than bursts.
 */
const tickMs = 10;
/** As the simulator's devices (mqtt.js' defaults): keepalive 60 s, a lost connection retried every second. */
const keepaliveSeconds = 60;
const reconnectDelayMs = 1000;

/**
 * Connects every device as a raw MQTT connection (`raw-device.ts`: one socket each, QoS 1) publishing the
 * simulator's thermostat messages; mqtt.js' sessions cost the bench about as much CPU as a platform service.
 */
export async function connectGenerator(options: GeneratorOptions): Promise<LoadGenerator> {
  const errors = createErrorLog();
  const counters: RawFleetCounters = { published: 0, acknowledged: 0, failed: 0, lost: 0 };
  const url = new URL(options.mqttUrl);
  const target: RawDeviceTarget = {
    host: url.hostname,
    port: Number(url.port || 1883),
    localAddress: undefined,
    keepaliveSeconds,
  };
  let closing = false;
  const outcomes = await settleConcurrently(
    options.devices,
    options.concurrency ?? 50,
    async (device) => {
      const raw: RawDevice = createRawDevice(device, counters, {
        onLost: () => {
          errors.add(
            `${device.deviceId}: connection lost (a broker refusing a publish closes it); reconnecting`,
          );
          void reconnect(raw, target, errors, () => closing);
        },
      });
      const result = await raw.connect(target);
      if (result.outcome !== 'subscribed') throw new Error(describeFailure(result));
      return createThermostatPublisher(raw, seedFromText(`${options.seed ?? 0}:${device.deviceId}`));
    },
    () => options.signal?.aborted === true,
  );
  const publishers = collectConnected(outcomes, options.devices, errors);
  let runs = 0;
  return {
    devices: publishers.length,
    errors,
    totals: () => ({
      published: counters.published,
      accepted: counters.acknowledged,
      failed: counters.failed,
      outstanding: counters.published - counters.acknowledged - counters.failed,
      connected: publishers.filter((publisher) => publisher.device.isConnected()).length,
      connectionLosses: counters.lost,
    }),
    run(ratePerSecond, durationMs, signal) {
      if (publishers.length === 0) return Promise.resolve(0);
      // Idle: no publish loop either, whose ticks over the fleet would be the bench's own idle cost.
      if (ratePerSecond === 0) return waitIdle(durationMs, signal);
      runs += 1;
      return runPublishLoop(publishers, {
        ratePerSecond: ratePerSecond / publishers.length,
        durationMs,
        signal,
        random: createRandom((options.seed ?? 0) + runs),
        tickMs,
      });
    },
    async close(drainTimeoutMs) {
      await waitUntil(() => counters.published === counters.acknowledged + counters.failed, drainTimeoutMs);
      closing = true;
      const unacknowledged = counters.published - counters.acknowledged - counters.failed;
      if (unacknowledged > 0)
        errors.add(`${unacknowledged} publishes not acknowledged within ${drainTimeoutMs} ms`);
      for (const publisher of publishers) publisher.device.disconnect();
    },
  };
}

/** A raw device publishing a thermostat's messages: reported state and telemetry in turn, reported first. */
function createThermostatPublisher(device: RawDevice, seed: number): Publisher & { device: RawDevice } {
  const thermostat = createThermostat({ seed, startMs: Date.now() });
  let nextKind: 'reported' | 'telemetry' = 'reported';
  return {
    device,
    publishNext() {
      const payload =
        nextKind === 'reported' ? thermostat.nextReported(Date.now()) : thermostat.nextTelemetry(Date.now());
      device.publish(nextKind, JSON.stringify(payload));
      nextKind = nextKind === 'reported' ? 'telemetry' : 'reported';
    },
  };
}

/** Connects a lost device again, every `reconnectDelayMs` until it is back or the generator closes. */
async function reconnect(
  device: RawDevice,
  target: RawDeviceTarget,
  errors: ErrorLog,
  isClosing: () => boolean,
): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs));
    if (isClosing()) return;
    const result = await device.connect(target);
    // Back after the fleet disconnected: leave again rather than hold a connection nobody closes.
    if (result.outcome === 'subscribed' && isClosing()) device.disconnect();
    if (result.outcome === 'subscribed') return;
    errors.add(`${device.deviceId}: reconnecting: ${describeFailure(result)}`);
  }
}

function describeFailure(
  result: Exclude<Awaited<ReturnType<RawDevice['connect']>>, { outcome: 'subscribed' }>,
) {
  return result.outcome === 'refused' ? `CONNACK ${result.returnCode}` : result.reason;
}

/** The devices that connected; each that did not is logged. */
function collectConnected<R>(
  outcomes: readonly (PromiseSettledResult<R> | undefined)[],
  devices: readonly ProvisionedDevice[],
  errors: ErrorLog,
): R[] {
  const connected: R[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome?.status === 'fulfilled') connected.push(outcome.value);
    else if (outcome?.status === 'rejected') {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      errors.add(`${devices[index]?.deviceId ?? '?'}: connecting: ${reason}`);
    }
  });
  return connected;
}

/** Polls `condition` until it holds or `timeoutMs` passed. */
async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits `durationMs` (less when `signal` aborts); resolves with how long it waited. */
function waitIdle(durationMs: number, signal: AbortSignal | undefined): Promise<number> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve(performance.now() - startedAt);
    };
    const timer = setTimeout(finish, durationMs);
    if (signal?.aborted === true) finish();
    else signal?.addEventListener('abort', finish, { once: true });
  });
}
