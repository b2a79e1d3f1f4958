import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  compileValidator,
  DesiredStatePayload,
  type ReportedStatePayload,
  type TelemetryPayload,
} from '@homeport/contracts';
import type { MqttClient } from 'mqtt';
import { connectDevice, type DeviceConnectionOptions } from './device-connection';
import type { ProvisionedDevice } from './provisioning';
import type { Thermostat } from './thermostat';

/** What one device did; `published = acknowledged + failed + still outstanding`. */
export interface DeviceCounters {
  published: number;
  /** PUBACKs received: messages the broker took responsibility for. */
  acknowledged: number;
  /** Publishes that failed or were still unacknowledged when the session closed. */
  failed: number;
  /** Published reported-state messages. */
  reported: number;
  /** Published telemetry messages. */
  telemetry: number;
  desiredReceived: number;
  /** Desired states newer than the last one, applied and reported back. */
  desiredApplied: number;
  /** Times the connection went away unasked (MQTT 3.1.1 brokers refuse a publish by closing it). */
  connectionLosses: number;
}

/** One simulated device connected over MQTT. */
export interface DeviceSession {
  readonly device: ProvisionedDevice;
  readonly counters: Readonly<DeviceCounters>;
  isConnected(): boolean;
  /** Publishes the next message at QoS 1: reported state and telemetry in turn, reported state first. */
  publishNext(): void;
  /** Published and neither acknowledged nor failed yet. */
  outstanding(): number;
  /** The last reported-state message published: what the platform must end up storing for the device. */
  lastReported(): ReportedStatePayload | undefined;
  /**
   * Waits up to `drainTimeoutMs` for outstanding PUBACKs, then disconnects; what is still unacknowledged
   * then counts as failed. Idempotent.
   */
  close(drainTimeoutMs: number): Promise<void>;
}

/** Settings of `openDeviceSession`. */
export interface DeviceSessionOptions extends DeviceConnectionOptions {
  readonly mqttUrl: string;
  readonly device: ProvisionedDevice;
  readonly thermostat: Thermostat;
  /** Something went wrong for this device (the message names it); the session goes on. */
  readonly onError: (message: string) => void;
  /** Clock of the thermostat's messages; default Date.now. */
  readonly now?: () => number;
}

const desiredValidator = compileValidator(DesiredStatePayload);

type MessageKind = 'reported' | 'telemetry';

function createCounters(): DeviceCounters {
  return {
    ...{ published: 0, acknowledged: 0, failed: 0, reported: 0, telemetry: 0 },
    ...{ desiredReceived: 0, desiredApplied: 0, connectionLosses: 0 },
  };
}

/** Connects the device and subscribes to its desired state; rejects when either is refused. */
export async function openDeviceSession(options: DeviceSessionOptions): Promise<DeviceSession> {
  const { device, thermostat } = options;
  const now = options.now ?? Date.now;
  const report = (message: string) => {
    options.onError(`${device.deviceId}: ${message}`);
  };
  const client = await connectDevice(options.mqttUrl, device, options);
  const counters = createCounters();
  let closing = false;
  let nextKind: MessageKind = 'reported';
  let lastReported: ReportedStatePayload | undefined;
  const topics = {
    reported: buildDeviceTopic('reported', device),
    telemetry: buildDeviceTopic('telemetry', device),
  };

  const publish = (kind: MessageKind): void => {
    let payload: ReportedStatePayload | TelemetryPayload;
    if (kind === 'reported') {
      lastReported = thermostat.nextReported(now());
      payload = lastReported;
    } else {
      payload = thermostat.nextTelemetry(now());
    }
    counters.published += 1;
    counters[kind] += 1;
    client.publish(topics[kind], JSON.stringify(payload), { qos: 1 }, (error) => {
      if (closing) return; // counted by close()
      // mqtt.js answers a PUBACK with null, not undefined.
      if (!error) {
        counters.acknowledged += 1;
        return;
      }
      counters.failed += 1;
      report(`publish failed: ${error.message}`);
    });
  };

  watchConnection(client, counters, (message) => {
    if (!closing) report(message);
  });
  client.on('message', (_topic, payload) => {
    if (applyDesired(payload, thermostat, counters, report)) publish('reported');
  });
  await subscribeToDesired(client, device).catch(async (error: unknown) => {
    closing = true;
    await client.endAsync(true);
    throw error;
  });

  return {
    device,
    counters,
    isConnected: () => client.connected,
    publishNext() {
      publish(nextKind);
      nextKind = nextKind === 'reported' ? 'telemetry' : 'reported';
    },
    outstanding: () => counters.published - counters.acknowledged - counters.failed,
    lastReported: () => lastReported,
    async close(drainTimeoutMs) {
      if (closing) return;
      await waitUntil(() => counters.published === counters.acknowledged + counters.failed, drainTimeoutMs);
      closing = true;
      const unacknowledged = counters.published - counters.acknowledged - counters.failed;
      counters.failed += unacknowledged;
      if (unacknowledged > 0) {
        report(`${unacknowledged} publishes not acknowledged within ${drainTimeoutMs} ms`);
      }
      // Forced when something is still in flight: a plain end() would wait for those PUBACKs forever.
      await client.endAsync(unacknowledged > 0 || !client.connected);
    },
  };
}

/** Counts lost connections and passes on the client's errors (it reconnects by itself). */
function watchConnection(client: MqttClient, counters: DeviceCounters, report: (message: string) => void) {
  // An 'error' without a listener would throw out of mqtt.js.
  client.on('error', (error) => {
    report(error.message);
  });
  client.on('offline', () => {
    if (!client.disconnecting) counters.connectionLosses += 1;
    report('connection lost (a broker refusing a publish closes the connection); reconnecting');
  });
}

/** Applies a desired-state message to the thermostat; true when it was new and should be reported back. */
function applyDesired(
  payload: Buffer,
  thermostat: Thermostat,
  counters: DeviceCounters,
  report: (message: string) => void,
): boolean {
  counters.desiredReceived += 1;
  const desired = readDesired(payload);
  if (typeof desired === 'string') {
    report(`desired state ignored: ${desired}`);
    return false;
  }
  if (!thermostat.applyDesired(desired).fresh) return false;
  counters.desiredApplied += 1;
  return true;
}

/** Polls `condition` until it holds or `timeoutMs` passed. */
async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function subscribeToDesired(client: MqttClient, device: ProvisionedDevice): Promise<void> {
  const filter = buildDeviceTopicFilter('desired', device);
  const granted = await client.subscribeAsync(filter, { qos: 1 });
  if (granted.some((grant) => grant.qos === 128)) throw new Error(`subscription to ${filter} refused`);
}

/** The desired-state payload, or why it is not one. */
function readDesired(payload: Buffer): DesiredStatePayload | string {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'not JSON';
  }
  return desiredValidator.isValid(value) ? value : desiredValidator.explain(value).join('; ');
}
