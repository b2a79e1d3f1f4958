import type net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';
import {
  buildLoginPacket,
  describeRefusal,
  openSocket,
  readConnack,
  type DeviceLogin,
  type MqttRoute,
} from './raw-mqtt';

/** What became of one publish of the hostile device. */
export type PublishOutcome = 'acknowledged' | 'sent' | 'closed' | 'unanswered' | LoginFailure;

/** Why the publisher could not log in. */
type LoginFailure = `login refused (${string})` | 'unreachable';

/** An authenticated device that publishes one message at a time on a raw connection, logging in again whenever
 * the broker closes it (as it does for a payload it refuses). */
export interface HostilePublisher {
  publish(topic: string, payload: Buffer, qos: 0 | 1): Promise<PublishOutcome>;
  close(): void;
}

interface Connection {
  readonly socket: net.Socket;
  /** Resolves PUBACK waits by message id. */
  readonly waiting: Map<number, (outcome: PublishOutcome) => void>;
}

/** Creates the publisher; it connects on the first publish. */
export function createHostilePublisher(
  route: MqttRoute,
  login: DeviceLogin,
  options: { ackTimeoutMs: number },
): HostilePublisher {
  let connection: Connection | undefined;
  let nextMessageId = 1;

  const connect = async (): Promise<Connection | LoginFailure> => {
    const socket = await openSocket(route).catch(() => undefined);
    if (socket === undefined) return 'unreachable';
    socket.on('error', () => undefined); // a reset is the broker refusing; the next publish logs in again
    socket.write(buildLoginPacket(login));
    const code = await readConnack(socket, 5000);
    if (code !== 0) {
      socket.destroy();
      return describeRefusal(code);
    }
    const opened: Connection = { socket, waiting: new Map() };
    const parser = mqttPacket.parser();
    parser.on('packet', (packet: Packet) => {
      if (packet.cmd !== 'puback' || packet.messageId === undefined) return;
      opened.waiting.get(packet.messageId)?.('acknowledged');
    });
    parser.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.once('close', () => {
      for (const resolve of opened.waiting.values()) resolve('closed');
      if (connection === opened) connection = undefined;
    });
    return opened;
  };

  return {
    async publish(topic, payload, qos) {
      if (connection === undefined) {
        const opened = await connect();
        if (typeof opened === 'string') return opened;
        connection = opened;
      }
      const current = connection;
      const messageId = nextMessageId;
      nextMessageId = (nextMessageId % 65535) + 1;
      const packet = mqttPacket.generate({
        cmd: 'publish',
        topic,
        payload,
        qos,
        messageId,
        dup: false,
        retain: false,
      });
      if (qos === 0) {
        current.socket.write(packet);
        return 'sent';
      }
      return new Promise<PublishOutcome>((resolve) => {
        const timer = setTimeout(() => {
          finish('unanswered');
        }, options.ackTimeoutMs);
        const finish = (outcome: PublishOutcome) => {
          clearTimeout(timer);
          current.waiting.delete(messageId);
          resolve(outcome);
        };
        current.waiting.set(messageId, finish);
        current.socket.write(packet);
      });
    },
    close() {
      connection?.socket.destroy();
      connection = undefined;
    },
  };
}
