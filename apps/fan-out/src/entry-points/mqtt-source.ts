import { connect, type IClientOptions, type IClientSubscribeOptions, type MqttClient } from 'mqtt';
import type { IncomingDeviceMessage } from '../domain/device-message';

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
  /** MQTT 5: unacknowledged messages the broker may have in flight to us (3.1.1: the broker's setting). */
  readonly receiveMaximum: number;
  readonly reconnectMs: number;
  readonly connectTimeoutMs: number;
}

/** Handles one message; the PUBACK goes out only when it resolves. Stops retrying once `signal` aborts. */
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
  /** A handler failed for a reason other than shutdown, or the broker refused a subscription: a bug. */
  readonly onFatal: (error: unknown) => void;
}

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
 * One persistent session (clean: false, QoS 1) whose PUBACKs wait for the handler. mqtt.js writes a QoS 1
 * PUBACK in the callback of `client.handleMessage` (mqtt/build/lib/handlers/publish.js) in MQTT 3.1.1 and 5
 * alike, and handles the next packet of the connection only after that callback: messages are handled one
 * at a time, in order, and the broker's in-flight window bounds what waits in memory.
 */
export function startMqttSource(options: MqttSourceOptions): MqttSource {
  const client = connect(options.connection.url, clientOptions(options));
  const state: SessionState = {
    connection: new AbortController(),
    previous: Promise.resolve(),
    stopping: false,
  };
  let subscribed = false;

  client.handleMessage = createDeferredAckHandler(state, options);
  client.on('close', () => {
    state.connection.abort(new Error('MQTT connection closed'));
    state.connection = new AbortController();
    options.onClose?.();
  });
  client.on('error', options.onError);
  client.on('connect', () => {
    // Later reconnects: mqtt.js subscribes again by itself when the broker lost the session.
    if (!subscribed) subscribe(client, options, () => (subscribed = true));
  });

  return {
    isConnected: () => client.connected && subscribed,
    async stop(graceMs = 0) {
      state.stopping = true;
      if (graceMs > 0) await settleWithin(state.previous, graceMs);
      state.connection.abort(new Error('stopping'));
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

interface SessionState {
  /** Aborted when the connection closes: its handlers stop retrying and never acknowledge. */
  connection: AbortController;
  /** The last handler started: the next one waits for it, so order holds across reconnects. */
  previous: Promise<void>;
  stopping: boolean;
}

/** mqtt.js's hook between receiving a PUBLISH and writing its PUBACK, holding the PUBACK until handled. */
function createDeferredAckHandler(
  state: SessionState,
  options: MqttSourceOptions,
): MqttClient['handleMessage'] {
  // The callback with an error writes no PUBACK but lets mqtt.js read on (handlers/publish.js): a packet
  // never called back would stall the socket, so its close (which `end` waits for) would never be seen.
  const release = (callback: (error?: Error) => void) => {
    callback(new Error('not acknowledged: the session is stopping or its connection closed'));
  };
  return (packet, callback) => {
    // Not acknowledged: the broker delivers it again to whoever next resumes this session.
    if (state.stopping) {
      release(callback);
      return;
    }
    const { signal } = state.connection;
    const message: IncomingDeviceMessage = {
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      retained: packet.retain,
      receivedAt: Date.now(),
    };
    // A handler of a dropped connection may still be publishing: this one waits for it.
    const run = state.previous.then(() => {
      signal.throwIfAborted();
      return options.handle(message, signal);
    });
    state.previous = run.catch(() => undefined);
    run.then(
      () => {
        // After a reconnect the broker resends the message on the new connection; acking it on this one
        // would write a PUBACK for a packet id of the old connection.
        if (signal.aborted) release(callback);
        else callback();
      },
      (error: unknown) => {
        if (signal.aborted) release(callback);
        else options.onFatal(error);
      },
    );
  };
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
    resubscribe: true,
    properties:
      connection.protocolVersion === 5
        ? { sessionExpiryInterval: connection.sessionExpiryS, receiveMaximum: connection.receiveMaximum }
        : undefined,
  };
}

function subscribe(client: MqttClient, options: MqttSourceOptions, onSubscribed: () => void): void {
  // MQTT 5 retain handling 2: no retained replays at subscribe; they would only repeat old messages.
  const subscribeOptions: IClientSubscribeOptions =
    options.connection.protocolVersion === 5 ? { qos: 1, rh: 2 } : { qos: 1 };
  client.subscribe([...options.filters], subscribeOptions, (error, granted) => {
    if (error !== null) {
      // The connection dropped before SUBACK: the next 'connect' subscribes again.
      if (!client.connected) return;
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
