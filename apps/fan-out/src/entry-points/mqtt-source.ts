import {
  connect,
  type IClientOptions,
  type IClientSubscribeOptions,
  type IConnackPacket,
  type MqttClient,
} from 'mqtt';
import type { IncomingDeviceMessage } from '../domain/device-message';
import { createInOrderAcks, type InOrderAcks } from './in-order-acks';
import { startSubackDeadline } from './suback-deadline';

/** How to reach the source broker; shared by every session of the process. */
export interface MqttConnectionSettings {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** 4 (MQTT 3.1.1, what aedes speaks) or 5. */
  readonly protocolVersion: 4 | 5;
  readonly keepaliveS: number;
  /** MQTT 5: how long the broker keeps the session (and queues for it) while we are away. */
  readonly sessionExpiryS: number;
  /**
   * Messages handled at once, awaiting their PUBACK; MQTT 5 also tells the broker (Receive Maximum), so it
   * sends no more. Over MQTT 3.1.1 the broker's own in-flight limit applies, and reading pauses beyond this.
   */
  readonly receiveMaximum: number;
  readonly reconnectMs: number;
  /** The wait for CONNACK (mqtt.js's `connectTimeout`: it then closes, emits an error and reconnects). */
  readonly connectTimeoutMs: number;
  /** The wait for SUBACK, not counting time spent reading what came before it (suback-deadline.ts). */
  readonly subscribeTimeoutMs: number;
}

/**
 * Handles one message; its PUBACK goes out once it and every earlier message resolved. Several run at once
 * (per device, order is restored downstream by seq/ts). Stops retrying once `signal` aborts.
 */
export type MqttMessageHandler = (message: IncomingDeviceMessage, signal: AbortSignal) => Promise<void>;

/** Options of one persistent MQTT session. */
export interface MqttSourceOptions {
  readonly connection: MqttConnectionSettings;
  /** Stable: the broker keeps the session (subscriptions, unacknowledged and queued messages) under it. */
  readonly clientId: string;
  readonly filters: readonly string[];
  readonly handle: MqttMessageHandler;
  /** Connection problems the client recovers from by itself (it reconnects). */
  readonly onError: (error: Error) => void;
  /** The connection closed (the client reconnects unless stopping). */
  readonly onClose?: () => void;
  readonly onSubscribeTimeout?: SubscribeTimeoutHandler;
  /** A handler failed for a reason other than shutdown, or the broker refused a subscription: a bug. */
  readonly onFatal: (error: unknown) => void;
}

/** No SUBACK came within `subscribeTimeoutMs`; the session's connection is being closed to subscribe again. */
export type SubscribeTimeoutHandler = (session: {
  readonly clientId: string;
  readonly filters: readonly string[];
}) => void;

/** A running MQTT session. */
export interface MqttSource {
  /** Connected and subscribed. */
  isConnected(): boolean;
  /**
   * Disconnects, leaving the session (and every message not yet acknowledged) to the broker. With
   * `graceMs`, the message in hand may finish and be acknowledged first; without, it is abandoned.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * One persistent session (clean: false, QoS 1) whose PUBACKs wait for the handler. Up to
 * `receiveMaximum` messages are handled at once; their PUBACKs go out in arrival order (in-order-acks.ts),
 * each only after its handler resolved. mqtt.js writes a QoS 1 PUBACK in the callback of
 * `client.handleMessage` and reads the next packet only after that callback (mqtt/build/lib/handlers/
 * publish.js): the callback is called at once with an error (read on, no PUBACK) while the window has
 * room, and the PUBACK is written separately when its turn comes. A full window stops reading the
 * socket, which is the back-pressure on the broker.
 */
export function startMqttSource(options: MqttSourceOptions): MqttSource {
  const client = connect(options.connection.url, clientOptions(options));
  const sendPuback = (messageId: number) => {
    (client as unknown as { _sendPacket: PacketSender })._sendPacket({ cmd: 'puback', messageId });
  };
  const state: SessionState = {
    connection: createConnectionState(sendPuback),
    inFlight: new Set(),
    stopping: false,
  };
  let subscribed = false;

  client.handleMessage = createPipelinedAckHandler(state, options);
  client.on('close', () => {
    closeConnectionState(state.connection);
    options.onClose?.();
  });
  client.on('error', options.onError);
  keepAliveWhileBusy(client);
  client.on('connect', (connack: IConnackPacket) => {
    // Only now: until this CONNACK, mqtt.js still hands over what it had read on the closed connection.
    if (state.connection.abort.signal.aborted) state.connection = createConnectionState(sendPuback);
    // A broker that lost the session (restarted without persistence, expired it) lost its subscriptions.
    if (!connack.sessionPresent) subscribed = false;
    if (!subscribed) subscribe(client, state, options, () => (subscribed = true));
  });

  return {
    isConnected: () => client.connected && subscribed,
    async stop(graceMs = 0) {
      state.stopping = true;
      if (graceMs > 0)
        await settleWithin(
          Promise.allSettled([...state.inFlight]).then(() => undefined),
          graceMs,
        );
      closeConnectionState(state.connection);
      // Forced: no DISCONNECT, the socket just closes; the session stays with the broker either way.
      if (graceMs === 0) return client.endAsync(true);
      // DISCONNECT, then mqtt.js waits for the socket's close. Bounded: a broker that keeps the socket open
      // must not hold the partition's lease (renewed while stopping) forever.
      const ended = client.endAsync(false);
      if (!(await settleWithin(ended, graceMs))) client.stream.destroy();
      return ended;
    },
  };
}

/** mqtt.js's packet writer (private): the only way to write a PUBACK outside handleMessage's callback. */
type PacketSender = (packet: { cmd: 'puback'; messageId: number }) => void;

/** What belongs to one connection: its packet ids, hence its acknowledgements. */
interface ConnectionState {
  /** Aborted when the connection closes: its handlers stop retrying and never acknowledge. */
  readonly abort: AbortController;
  readonly acks: InOrderAcks;
  /** mqtt.js's callback held while the window is full: calling it reads the next packet. */
  readNext: (() => void) | undefined;
}

interface SessionState {
  connection: ConnectionState;
  /** Handlers running, of any connection: a graceful stop waits for them. */
  readonly inFlight: Set<Promise<void>>;
  stopping: boolean;
}

function createConnectionState(sendPuback: (messageId: number) => void): ConnectionState {
  return { abort: new AbortController(), acks: createInOrderAcks(sendPuback), readNext: undefined };
}

function closeConnectionState(connection: ConnectionState): void {
  connection.abort.abort(new Error('MQTT connection closed'));
  connection.acks.clear();
  // mqtt.js must read on to see the socket's close (which `end` waits for).
  connection.readNext?.();
  connection.readNext = undefined;
}

/** mqtt.js's hook between receiving a PUBLISH and writing its PUBACK: handles it, acknowledges in order. */
function createPipelinedAckHandler(
  state: SessionState,
  options: MqttSourceOptions,
): MqttClient['handleMessage'] {
  // The callback with an error writes no PUBACK but lets mqtt.js read on (handlers/publish.js).
  const noPuback = new Error('acknowledged in order, apart from this callback');
  const window = options.connection.receiveMaximum;
  return (packet, callback) => {
    const readNext = () => {
      callback(noPuback);
    };
    const connection = state.connection;
    // Not acknowledged: the broker delivers it again to whoever next resumes this session, or on the next
    // connection. A packet read before its connection closed must not be handled: its PUBACK would go out
    // on the next connection (mqtt.js queues what is sent while disconnected), where the id is another
    // message's or none (aedes closes the connection: "no such packet", and so on at every reconnect).
    if (state.stopping || packet.messageId === undefined || connection.abort.signal.aborted) {
      readNext();
      return;
    }
    const slot = connection.acks.add(packet.messageId);
    const { signal } = connection.abort;
    const message: IncomingDeviceMessage = {
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      retained: packet.retain,
      receivedAt: Date.now(),
    };
    const run = options.handle(message, signal).then(
      () => {
        // After a reconnect the broker resends the message on the new connection; acking it on this one
        // would write a PUBACK for a packet id of the old connection (clear() has made the slot inert).
        slot.complete();
        if (connection.readNext !== undefined && connection.acks.size < window) {
          const held = connection.readNext;
          connection.readNext = undefined;
          held();
        }
      },
      (error: unknown) => {
        if (!signal.aborted) options.onFatal(error);
      },
    );
    state.inFlight.add(run);
    void run.finally(() => state.inFlight.delete(run));
    if (connection.acks.size < window) readNext();
    else connection.readNext = readNext;
  };
}

/**
 * mqtt.js takes only an acknowledgement or a PINGRESP as a sign of life (mqtt/build/lib/handlers/index.js):
 * it pings after `keepalive` without one and gives up half a period later. A full window leaves the PINGRESP
 * unread behind the PUBLISHes ahead of it, so a session resuming with a backlog was closed as dead while
 * busy, its unacknowledged messages delivered again, and again on every resume. A packet read and one
 * written since the last reset prove the connection alive both ways (the broker's keepalive counts ours).
 */
function keepAliveWhileBusy(client: MqttClient): void {
  let read = false;
  let written = false;
  const resetIfBothWays = () => {
    if (!read || !written) return;
    read = false;
    written = false;
    client.reschedulePing();
  };
  client.on('packetreceive', () => {
    read = true;
    resetIfBothWays();
  });
  client.on('packetsend', () => {
    written = true;
    resetIfBothWays();
  });
}

function clientOptions(options: MqttSourceOptions): IClientOptions {
  const { connection } = options;
  return {
    clientId: options.clientId,
    username: connection.username,
    password: connection.password,
    protocolVersion: connection.protocolVersion,
    clean: false,
    keepalive: connection.keepaliveS,
    reconnectPeriod: connection.reconnectMs,
    connectTimeout: connection.connectTimeoutMs,
    // subscribe() does it, with its SUBACK wait bounded. mqtt.js's own would send nothing for filters it
    // already sent once, even if that SUBSCRIBE was never answered (client.js, parseSub).
    resubscribe: false,
    properties:
      connection.protocolVersion === 5
        ? { sessionExpiryInterval: connection.sessionExpiryS, receiveMaximum: connection.receiveMaximum }
        : undefined,
  };
}

/** Subscribes on the current connection, SUBACK awaited within the deadline (see `awaitSuback`). */
function subscribe(
  client: MqttClient,
  state: SessionState,
  options: MqttSourceOptions,
  onSubscribed: () => void,
): void {
  const { signal } = state.connection.abort;
  const stopWaiting = awaitSuback(client, state, options);
  // MQTT 5 retain handling 2: no retained replays at subscribe; they would only repeat old messages.
  const subscribeOptions: IClientSubscribeOptions =
    options.connection.protocolVersion === 5 ? { qos: 1, rh: 2 } : { qos: 1 };
  client.subscribe([...options.filters], subscribeOptions, (error, granted) => {
    stopWaiting();
    // The connection closed before SUBACK: the next 'connect' subscribes again.
    if (signal.aborted) return;
    if (error !== null) {
      options.onFatal(error);
      return;
    }
    const refused = (granted ?? []).filter((grant) => grant.qos !== 1);
    if (refused.length > 0) {
      const topics = refused.map((grant) => `${grant.topic} (code ${grant.qos})`).join(', ');
      options.onFatal(new Error(`the broker did not grant QoS 1 on ${topics}`));
      return;
    }
    onSubscribed();
  });
}

/**
 * A SUBACK that never comes (lost, or a broker stuck on the SUBSCRIBE) would leave the session unsubscribed,
 * and the process unready, until a restart: once it is overdue (suback-deadline.ts) the connection is closed
 * instead, as on a keepalive timeout, and the next CONNACK subscribes again. Nothing is lost: the session is
 * persistent, and what was in hand on the closed connection is not acknowledged there, so the broker
 * delivers it again. Returns what ends the wait; the connection's close ends it too.
 */
function awaitSuback(client: MqttClient, state: SessionState, options: MqttSourceOptions): () => void {
  const connection = state.connection;
  const deadline = startSubackDeadline(
    options.connection.subscribeTimeoutMs,
    () => connection.readNext !== undefined,
    () => {
      if (state.stopping) return;
      options.onSubscribeTimeout?.({ clientId: options.clientId, filters: options.filters });
      client.stream.destroy();
    },
  );
  const read = () => {
    deadline.read();
  };
  const stopWaiting = () => {
    deadline.cancel();
    client.off('packetreceive', read);
    connection.abort.signal.removeEventListener('abort', stopWaiting);
  };
  client.on('packetreceive', read);
  connection.abort.signal.addEventListener('abort', stopWaiting, { once: true });
  return stopWaiting;
}

/** True when `promise` settled within `timeoutMs`. */
async function settleWithin(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}
