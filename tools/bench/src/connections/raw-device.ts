import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import type { ProvisionedDevice } from '@homeport/simulator';
import mqttPacket from 'mqtt-packet';
import net from 'node:net';

/** Where a raw device connects, and how. */
export interface RawDeviceTarget {
  readonly host: string;
  readonly port: number;
  /** The loopback address the socket binds (spreads 20,000 sockets over several source addresses). */
  readonly localAddress: string | undefined;
  readonly keepaliveSeconds: number;
}

/** What one CONNECT came to. */
export type ConnectResult =
  | { readonly outcome: 'subscribed'; readonly connackMs: number; readonly subackMs: number }
  | { readonly outcome: 'refused'; readonly returnCode: number }
  | { readonly outcome: 'failed'; readonly reason: string };

/** Counts of a raw device's messages, shared by the whole fleet; `published = acknowledged + failed + outstanding`. */
export interface RawFleetCounters {
  published: number;
  /** PUBACKs of outstanding publishes: messages the broker took responsibility for. */
  acknowledged: number;
  /** Publishes made while disconnected, or unacknowledged when their connection ended. */
  failed: number;
  /** Connections that ended without being asked to (broker closed them, keepalive). */
  lost: number;
}

/** The device topics a raw device publishes to. */
export type RawMessageKind = 'reported' | 'telemetry';

/** Settings of `createRawDevice` beyond the device and its counters. */
export interface RawDeviceOptions {
  /** Called when a subscribed connection ends unasked (after `lost` is counted). */
  readonly onLost?: () => void;
}

const protocolVersion = 4;
const subscribeId = 1;
/** Message ids of publishes; 1 is the SUBSCRIBE's (MQTT 3.1.1 §2.3.1: non-zero). */
const firstPublishId = 2;
const lastPublishId = 65535;

/**
 * One device over a bare TCP socket with mqtt-packet (no mqtt.js client): CONNECT with its credential,
 * SUBSCRIBE to its desired state as the simulator's devices do, then QoS 1 publishes counted until their PUBACK.
 * About a tenth of mqtt.js' memory and CPU per connection, so one generator process holds 20,000 of them.
 * No reconnect of its own: the owner decides (`onLost`, then `connect` again).
 */
export function createRawDevice(
  device: ProvisionedDevice,
  counters: RawFleetCounters,
  options: RawDeviceOptions = {},
) {
  let socket: net.Socket | undefined;
  let seq = 0;
  let nextMessageId = firstPublishId;
  let pingTimer: NodeJS.Timeout | undefined;
  let sentSincePing = false;
  let subscribed = false;
  let connackMs = 0;
  /** Message ids of publishes awaiting their PUBACK on the current connection. */
  const inFlight = new Set<number>();
  const topics: Record<RawMessageKind, string> = {
    reported: buildDeviceTopic('reported', device),
    telemetry: buildDeviceTopic('telemetry', device),
  };
  const desiredFilter = buildDeviceTopicFilter('desired', device);

  const write = (packet: mqttPacket.Packet) => {
    sentSincePing = true;
    socket?.write(mqttPacket.generate(packet));
  };
  // As mqtt.js does: a PINGREQ when nothing else was sent for a while (MQTT 3.1.1 §3.1.2.10). Checked every
  // half keepalive, so the broker never sees more than one keepalive of silence (it allows 1.5).
  const pingIfSilent = () => {
    if (!sentSincePing) write({ cmd: 'pingreq' });
    sentSincePing = false;
  };

  /**
   * Ends the connection, flushing what was written when `graceful` (else as a network failure would); what
   * was still unacknowledged on it failed (a PUBACK can no longer come).
   */
  const close = (graceful: boolean) => {
    subscribed = false;
    counters.failed += inFlight.size;
    inFlight.clear();
    clearInterval(pingTimer);
    pingTimer = undefined;
    socket?.removeAllListeners();
    socket?.on('error', () => undefined);
    if (graceful) socket?.end();
    else socket?.destroy();
    socket = undefined;
  };

  const onPacket = (
    packet: mqttPacket.Packet,
    settle: (result: ConnectResult) => void,
    startedAt: number,
  ) => {
    if (packet.cmd === 'puback') {
      if (packet.messageId !== undefined && inFlight.delete(packet.messageId)) counters.acknowledged += 1;
    } else if (packet.cmd === 'connack') {
      if (packet.returnCode !== 0) {
        settle({ outcome: 'refused', returnCode: packet.returnCode ?? -1 });
        return;
      }
      connackMs = performance.now() - startedAt;
      write({ cmd: 'subscribe', messageId: subscribeId, subscriptions: [{ topic: desiredFilter, qos: 1 }] });
    } else if (packet.cmd === 'suback') {
      subscribed = true;
      settle({ outcome: 'subscribed', connackMs, subackMs: performance.now() - startedAt });
    } else if (packet.cmd === 'publish' && packet.qos > 0 && packet.messageId !== undefined) {
      write({ cmd: 'puback', messageId: packet.messageId });
    }
  };

  const connect = (target: RawDeviceTarget): Promise<ConnectResult> =>
    new Promise((resolve) => {
      const startedAt = performance.now();
      connackMs = 0;
      let settled = false;
      const settle = (result: ConnectResult) => {
        if (settled) return;
        settled = true;
        if (result.outcome === 'subscribed') {
          sentSincePing = false;
          pingTimer = setInterval(pingIfSilent, (target.keepaliveSeconds * 1000) / 2);
        } else close(false);
        resolve(result);
      };
      const parser = mqttPacket.parser({ protocolVersion });
      const opened = net.connect({ host: target.host, port: target.port, localAddress: target.localAddress });
      socket = opened;
      opened.setNoDelay(true);
      opened.on('connect', () => {
        write({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion,
          clean: true,
          clientId: device.deviceId,
          username: device.deviceId,
          password: Buffer.from(device.secret),
          keepalive: target.keepaliveSeconds,
        });
      });
      opened.on('data', (chunk: Buffer) => parser.parse(chunk));
      opened.on('error', (error) => {
        settle({ outcome: 'failed', reason: error.message });
      });
      opened.on('close', () => {
        if (!settled) settle({ outcome: 'failed', reason: 'closed before SUBACK' });
        else if (socket === opened) {
          counters.lost += 1;
          close(false);
          options.onLost?.();
        }
      });
      parser.on('packet', (packet) => {
        onPacket(packet, settle, startedAt);
      });
      parser.on('error', (error: Error) => {
        settle({ outcome: 'failed', reason: error.message });
      });
    });

  /** One QoS 1 publish; made while disconnected it counts as published and failed at once. */
  const publish = (kind: RawMessageKind, payload: string): void => {
    counters.published += 1;
    if (!subscribed) {
      counters.failed += 1;
      return;
    }
    const messageId = nextMessageId;
    nextMessageId = nextMessageId >= lastPublishId ? firstPublishId : nextMessageId + 1;
    inFlight.add(messageId);
    write({ cmd: 'publish', topic: topics[kind], payload, qos: 1, retain: false, dup: false, messageId });
  };

  return {
    deviceId: device.deviceId,
    connect,
    /** Drops the connection without DISCONNECT (as a network failure would). */
    drop: () => {
      close(false);
    },
    /** Sends DISCONNECT (MQTT 3.1.1 §3.14) and closes; what is still unacknowledged counts as failed. */
    disconnect(): void {
      if (subscribed) write({ cmd: 'disconnect' });
      close(true);
    },
    isConnected: () => subscribed,
    /** Published on this connection and not acknowledged yet. */
    outstanding: () => inFlight.size,
    publish,
    /** The connections step's small telemetry message at QoS 1 (not sent while disconnected). */
    publishTelemetry(): void {
      if (!subscribed) return;
      seq += 1;
      const payload = JSON.stringify({
        seq,
        ts: Date.now(),
        metrics: { temperature: 20 + (seq % 10) / 10, humidity: 45, battery: 97 },
      });
      publish('telemetry', payload);
    },
  };
}

/** A device of the connection load. */
export type RawDevice = ReturnType<typeof createRawDevice>;
