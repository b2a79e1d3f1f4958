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

/** Counts of a raw device's messages, shared by the whole fleet. */
export interface RawFleetCounters {
  published: number;
  acknowledged: number;
  /** Connections that ended without being asked to (broker closed them, keepalive). */
  lost: number;
}

const protocolVersion = 4;
const subscribeId = 1;

/**
 * One device over a bare TCP socket with mqtt-packet (no mqtt.js client): CONNECT with its credential,
 * SUBSCRIBE to its desired state as the simulator's devices do, then QoS 1 telemetry when asked. About a
 * tenth of mqtt.js' memory and CPU per connection, so one generator process holds 20,000 of them.
 */
export function createRawDevice(device: ProvisionedDevice, counters: RawFleetCounters) {
  let socket: net.Socket | undefined;
  let seq = 0;
  let nextMessageId = 2;
  let pingTimer: NodeJS.Timeout | undefined;
  let sentSincePing = false;
  let subscribed = false;
  const telemetryTopic = buildDeviceTopic('telemetry', device);
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

  const close = () => {
    subscribed = false;
    clearInterval(pingTimer);
    pingTimer = undefined;
    socket?.removeAllListeners();
    socket?.on('error', () => undefined);
    socket?.destroy();
    socket = undefined;
  };

  const connect = (target: RawDeviceTarget): Promise<ConnectResult> =>
    new Promise((resolve) => {
      const startedAt = performance.now();
      let connackMs = 0;
      let settled = false;
      const settle = (result: ConnectResult) => {
        if (settled) return;
        settled = true;
        if (result.outcome !== 'subscribed') close();
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
          close();
        }
      });
      parser.on('packet', (packet) => {
        if (packet.cmd === 'connack') {
          if (packet.returnCode !== 0) {
            settle({ outcome: 'refused', returnCode: packet.returnCode ?? -1 });
            return;
          }
          connackMs = performance.now() - startedAt;
          write({
            cmd: 'subscribe',
            messageId: subscribeId,
            subscriptions: [{ topic: desiredFilter, qos: 1 }],
          });
        } else if (packet.cmd === 'suback') {
          sentSincePing = false;
          pingTimer = setInterval(pingIfSilent, (target.keepaliveSeconds * 1000) / 2);
          subscribed = true;
          settle({ outcome: 'subscribed', connackMs, subackMs: performance.now() - startedAt });
        } else if (packet.cmd === 'puback') {
          counters.acknowledged += 1;
        } else if (packet.cmd === 'publish' && packet.qos > 0 && packet.messageId !== undefined) {
          write({ cmd: 'puback', messageId: packet.messageId });
        }
      });
      parser.on('error', (error: Error) => {
        settle({ outcome: 'failed', reason: error.message });
      });
    });

  return {
    deviceId: device.deviceId,
    connect,
    /** Drops the connection without DISCONNECT (as a network failure would). */
    drop: close,
    isConnected: () => subscribed,
    /** One telemetry message at QoS 1. */
    publishTelemetry(): void {
      if (!subscribed) return;
      seq += 1;
      const payload = JSON.stringify({
        seq,
        ts: Date.now(),
        metrics: { temperature: 20 + (seq % 10) / 10, humidity: 45, battery: 97 },
      });
      const messageId = nextMessageId;
      nextMessageId = nextMessageId >= 65535 ? 2 : nextMessageId + 1;
      write({ cmd: 'publish', topic: telemetryTopic, payload, qos: 1, retain: false, dup: false, messageId });
      counters.published += 1;
    },
  };
}

/** A device of the connection load. */
export type RawDevice = ReturnType<typeof createRawDevice>;
