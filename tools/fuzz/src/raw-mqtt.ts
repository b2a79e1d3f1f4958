import net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

/** A device's MQTT login, as broker-api takes it (client id = username = device id). */
export interface DeviceLogin {
  readonly deviceId: string;
  readonly secret: string;
}

/** What the broker did with a raw connection's bytes. */
export type RawOutcome = 'closed' | 'answered' | 'silent' | `login refused (${string})` | 'unreachable';

/** Why a login failed, from its CONNACK return code (undefined: closed or no answer). */
export function describeRefusal(code: number | undefined): `login refused (${string})` {
  return `login refused (${code === undefined ? 'no CONNACK' : `CONNACK ${code}`})`;
}

/** The CONNECT packet of a device login (MQTT 3.1.1). */
export function buildLoginPacket(login: DeviceLogin): Buffer {
  return mqttPacket.generate({
    cmd: 'connect',
    protocolVersion: 4,
    protocolId: 'MQTT',
    clientId: login.deviceId,
    username: login.deviceId,
    password: Buffer.from(login.secret),
    clean: true,
    keepalive: 60,
  });
}

/** The CONNECT of a client with no credentials. */
export const anonymousConnectPacket = mqttPacket.generate({
  cmd: 'connect',
  protocolVersion: 4,
  protocolId: 'MQTT',
  clientId: 'fuzz-anonymous',
  clean: true,
  keepalive: 60,
});

/** The broker's address, and the local address a connection to it comes from. */
export interface MqttRoute {
  readonly mqttUrl: string;
  readonly localAddress: string;
}

/** Opens a TCP connection to the broker; rejects when it cannot be reached. */
function openSocket(route: MqttRoute): Promise<net.Socket> {
  const url = new URL(route.mqttUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      localAddress: route.localAddress,
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Waits for the broker's CONNACK on `socket`: its return code, or undefined when it closed or timed out. */
function readConnack(socket: net.Socket, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const parser = mqttPacket.parser();
    const finish = (code: number | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(code);
    };
    const onData = (chunk: Buffer) => parser.parse(chunk);
    const onClose = () => {
      finish(undefined);
    };
    parser.on('packet', (packet: Packet) => {
      finish(packet.cmd === 'connack' ? (packet.returnCode ?? packet.reasonCode ?? 0) : undefined);
    });
    parser.on('error', () => {
      finish(undefined);
    });
    const timer = setTimeout(() => {
      finish(undefined);
    }, timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/**
 * One raw connection: the login packet (if any) and its CONNACK, then `bytes`; then waits until the broker
 * closes the connection or has been silent for `quietMs`, and closes it.
 */
export async function sendRawConnection(
  route: MqttRoute,
  login: Buffer | undefined,
  bytes: Buffer,
  quietMs: number,
): Promise<RawOutcome> {
  let socket: net.Socket;
  try {
    socket = await openSocket(route);
  } catch {
    return 'unreachable';
  }
  socket.on('error', () => undefined); // a reset is an outcome ('closed'), not an error of the fuzzer
  try {
    if (login !== undefined) {
      socket.write(login);
      const code = await readConnack(socket, 5000);
      if (code !== 0) return describeRefusal(code);
    }
    return await writeAndWatch(socket, bytes, quietMs);
  } finally {
    socket.destroy();
  }
}

function writeAndWatch(socket: net.Socket, bytes: Buffer, quietMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    let answered = false;
    let timer = setTimeout(() => {
      resolve(answered ? 'answered' : 'silent');
    }, quietMs);
    socket.on('data', () => {
      answered = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        resolve('answered');
      }, quietMs);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    if (socket.destroyed) resolve('closed');
    else socket.write(bytes);
  });
}

export { openSocket, readConnack };
