import {
  connectFleet,
  createErrorLog,
  createRandom,
  runPublishLoop,
  type DeviceSession,
  type ErrorLog,
  type ProvisionedDevice,
} from '@homeport/simulator';

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
  /** MQTT connects at once (the fleet connects in batches of this size); default 50. */
  readonly concurrency?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

/**
 * How often the publish loop looks for due devices. A thousand devices at a few messages a second each
 * add up to thousands a second: a 10 ms tick keeps them a steady stream rather than bursts.
 */
const tickMs = 10;

/** Connects every device (its own MQTT session, QoS 1) with the simulator's device code. */
export async function connectGenerator(options: GeneratorOptions): Promise<LoadGenerator> {
  const errors = createErrorLog();
  const sessions: DeviceSession[] = [];
  const fleet = {
    // connectFleet needs only the MQTT side; provisioning happened before (or is not needed: Mosquitto).
    ...{ apiUrl: '', apiToken: '', vendorId: '', productId: '', deviceIdPrefix: '' },
    mqttUrl: options.mqttUrl,
    devices: options.devices.length,
    concurrency: options.concurrency ?? 50,
    seed: options.seed ?? 0,
    signal: options.signal,
  };
  await connectFleet(options.devices, fleet, errors, sessions);
  let runs = 0;
  return {
    devices: sessions.length,
    errors,
    totals: () => addUp(sessions),
    run(ratePerSecond, durationMs, signal) {
      if (sessions.length === 0) return Promise.resolve(0);
      // Idle: no publish loop either, whose ticks over the fleet would be the bench's own idle cost.
      if (ratePerSecond === 0) return waitIdle(durationMs, signal);
      runs += 1;
      return runPublishLoop(sessions, {
        ratePerSecond: ratePerSecond / sessions.length,
        durationMs,
        signal,
        random: createRandom((options.seed ?? 0) + runs),
        tickMs,
      });
    },
    async close(drainTimeoutMs) {
      await Promise.all(sessions.map((session) => session.close(drainTimeoutMs)));
    },
  };
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

function addUp(sessions: readonly DeviceSession[]): GeneratorTotals {
  let published = 0;
  let accepted = 0;
  let failed = 0;
  let connected = 0;
  let connectionLosses = 0;
  for (const session of sessions) {
    published += session.counters.published;
    accepted += session.counters.acknowledged;
    failed += session.counters.failed;
    connectionLosses += session.counters.connectionLosses;
    if (session.isConnected()) connected += 1;
  }
  return {
    published,
    accepted,
    failed,
    outstanding: published - accepted - failed,
    connected,
    connectionLosses,
  };
}
