import { isDeepStrictEqual } from 'node:util';
import type { ShadowResponse } from '@homeport/contracts';
import {
  connectFleet,
  createBrokerApiClient,
  createErrorLog,
  createRandom,
  provisionFleet,
  runPublishLoop,
  type DeviceSession,
  type FleetOptions,
} from '@homeport/simulator';
import { sleep } from '@homeport/testing';

/** Simulated thermostats that must keep working while the fuzzer runs. */
export interface InnocentFleet {
  readonly sessions: readonly DeviceSession[];
  /** Devices that could not be provisioned or connected, and errors of the others. */
  readonly errors: readonly string[];
  /** The longest time one device waited for its next PUBACK while the fuzzer ran (ms, sampled each second). */
  longestSilenceMs(): number;
  /** Stops publishing, waits for outstanding PUBACKs and disconnects. */
  stop(): Promise<void>;
}

/** Samples every second how long each device has gone without a new PUBACK. */
function watchSilences(sessions: readonly DeviceSession[]) {
  const last = sessions.map(() => ({ acknowledged: 0, atMs: Date.now() }));
  let longestMs = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    sessions.forEach((session, index) => {
      const seen = last[index];
      if (seen === undefined) return;
      if (session.counters.acknowledged > seen.acknowledged || session.outstanding() === 0) {
        last[index] = { acknowledged: session.counters.acknowledged, atMs: now };
      } else {
        longestMs = Math.max(longestMs, now - seen.atMs);
      }
    });
  }, 1000);
  return {
    longestMs: () => longestMs,
    stop: () => {
      clearInterval(timer);
    },
  };
}

/** How the innocent devices did, device by device, after the platform drained. */
export interface InnocentCheck {
  readonly devices: number;
  readonly connected: number;
  readonly published: number;
  readonly acknowledged: number;
  /** Publishes that failed or stayed unacknowledged. */
  readonly lost: number;
  /** Connections that went away unasked. */
  readonly connectionLosses: number;
  /** The longest a device waited for a PUBACK while the fuzzer ran (ms). */
  readonly longestSilenceMs: number;
  /** Devices whose stored shadow holds exactly what they last reported. */
  readonly stateCorrect: number;
  /** The first few devices that are not right, and why. */
  readonly wrong: readonly string[];
}

/** Provisions `options.devices` thermostats, connects them and starts their publishing. */
export async function startInnocentFleet(
  options: FleetOptions & { ratePerSecond: number },
): Promise<InnocentFleet> {
  const errors = createErrorLog();
  const devices = await provisionFleet(options, errors, () => undefined);
  const sessions: DeviceSession[] = [];
  await connectFleet(devices, options, errors, sessions);
  const controller = new AbortController();
  const silences = watchSilences(sessions);
  const loop = runPublishLoop(sessions, {
    ratePerSecond: options.ratePerSecond,
    durationMs: Infinity,
    signal: controller.signal,
    random: createRandom(options.seed ?? 0),
  });
  return {
    sessions,
    get errors() {
      return [...errors.first];
    },
    longestSilenceMs: () => silences.longestMs(),
    async stop() {
      silences.stop();
      controller.abort();
      await loop;
      await Promise.all(sessions.map((session) => session.close(20_000)));
    },
  };
}

/** Why the device's stored shadow is not what it last reported, or undefined when it is. */
function compareShadow(session: DeviceSession, shadow: ShadowResponse | undefined): string | undefined {
  const last = session.lastReported();
  if (last === undefined) return 'never reported';
  if (shadow === undefined) return 'shadow not readable';
  if (shadow.reported === null) return `nothing stored, last reported seq ${last.seq ?? '?'}`;
  if (!isDeepStrictEqual(shadow.reported.state, last.state)) {
    const seqs = `stored seq ${shadow.reported.seq ?? '?'}, last reported ${last.seq ?? '?'}`;
    return `${seqs}: stored state ${JSON.stringify(shadow.reported.state)} is not the reported ${JSON.stringify(last.state)}`;
  }
  // The copy's seq is that of the last report that changed something (an unchanged state emits no event).
  if ((shadow.reported.seq ?? 0) > (last.seq ?? 0))
    return `stored seq ${shadow.reported.seq ?? '?'} is ahead of the device's ${last.seq ?? '?'}`;
  return undefined;
}

/**
 * After the fleet stopped: reads each device's shadow through broker-api until it holds exactly the
 * device's last reported state (the platform may still be draining), or `timeoutMs` passed.
 */
export async function checkInnocentFleet(
  fleet: InnocentFleet,
  api: { url: string; token: string },
  options: { devices: number; timeoutMs: number },
): Promise<InnocentCheck> {
  const client = createBrokerApiClient({ baseUrl: api.url, token: api.token });
  const pending = new Map(fleet.sessions.map((session) => [session.device.deviceId, session]));
  const reasons = new Map<string, string>();
  const deadline = Date.now() + options.timeoutMs;
  while (pending.size > 0) {
    for (const [deviceId, session] of pending) {
      const answer = await client
        .call<ShadowResponse>('GET', `/devices/${encodeURIComponent(deviceId)}/shadow`)
        .catch(() => undefined);
      const reason = compareShadow(session, answer?.status === 200 ? answer.body : undefined);
      if (reason === undefined) pending.delete(deviceId);
      else reasons.set(deviceId, reason);
    }
    if (pending.size === 0 || Date.now() > deadline) break;
    await sleep(500);
  }
  const sum = (pick: (session: DeviceSession) => number) =>
    fleet.sessions.reduce((total, session) => total + pick(session), 0);
  const lossy = fleet.sessions.filter((session) => session.counters.failed > 0);
  return {
    devices: options.devices,
    connected: fleet.sessions.length,
    published: sum((session) => session.counters.published),
    acknowledged: sum((session) => session.counters.acknowledged),
    lost: sum((session) => session.counters.failed),
    connectionLosses: sum((session) => session.counters.connectionLosses),
    longestSilenceMs: fleet.longestSilenceMs(),
    stateCorrect: fleet.sessions.length - pending.size,
    wrong: [
      ...[...pending.keys()].map((deviceId) => `${deviceId}: ${reasons.get(deviceId) ?? '?'}`),
      ...lossy.map((session) => `${session.device.deviceId}: ${session.counters.failed} publishes lost`),
    ].slice(0, 10),
  };
}

/** True when every innocent device connected, lost nothing, kept its connection and has its state stored. */
export function isInnocentFleetHealthy(check: InnocentCheck): boolean {
  return (
    check.connected === check.devices &&
    check.lost === 0 &&
    check.connectionLosses === 0 &&
    check.stateCorrect === check.devices &&
    check.acknowledged === check.published
  );
}
