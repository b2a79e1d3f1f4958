import mqttPacket from 'mqtt-packet';
import net from 'node:net';

/** A TCP connection that speaks MQTT byte by byte, for what a well-behaved client library never sends. */
export interface RawConnection {
  readonly socket: net.Socket;
  /** Resolves with the CONNACK return code, or -1 when the connection closes without one. */
  readonly connack: Promise<number>;
  /** Resolves when the broker has closed the connection; rejects after `timeoutMs`. */
  closed(timeoutMs: number): Promise<void>;
}

/** What a raw CONNECT carries. */
export interface RawConnect {
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
}

/** Opens a TCP connection to the broker, from `localAddress` when given (any 127.x.y.z on Linux). */
export async function openRawConnection(port: number, localAddress?: string): Promise<RawConnection> {
  const socket = net.createConnection({ host: '127.0.0.1', port, localAddress });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve).once('error', reject);
  });
  socket.on('error', () => undefined); // a reset is how the broker closes; `closed` reports it
  const ended = new Promise<void>((resolve) =>
    socket.once('close', () => {
      resolve();
    }),
  );
  const parser = mqttPacket.parser();
  socket.on('data', (chunk: Buffer) => parser.parse(chunk));
  const connack = new Promise<number>((resolve) => {
    parser.on('packet', (packet) => {
      if (packet.cmd === 'connack') resolve(packet.returnCode ?? 0);
    });
    void ended.then(() => {
      resolve(-1);
    });
  });
  return {
    socket,
    connack,
    closed: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`still open after ${timeoutMs} ms`));
        }, timeoutMs);
        void ended.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** Writes an MQTT 3.1.1 CONNECT (clean session, no keepalive timeout). */
export function writeConnect(connection: RawConnection, connect: RawConnect): void {
  connection.socket.write(
    mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      keepalive: 0,
      clientId: connect.clientId,
      username: connect.username,
      password: Buffer.from(connect.password),
    }),
  );
}

/** The fixed header of a packet of `type` (CONNECT 1, PUBLISH 3, ...) announcing `remainingLength` bytes. */
export function encodeFixedHeader(type: number, remainingLength: number): Buffer {
  const bytes = [type << 4];
  let rest = remainingLength;
  do {
    const digit = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? digit | 0x80 : digit);
  } while (rest > 0);
  return Buffer.from(bytes);
}
