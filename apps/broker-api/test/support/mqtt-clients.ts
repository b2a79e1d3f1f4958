import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { TestDevice } from './provisioning';

/** Connects as the device (MQTT 3.1.1, no automatic reconnect); rejects with the CONNACK error when refused. */
export function connectDevice(
  url: string,
  device: TestDevice,
  options: IClientOptions = {},
): Promise<MqttClient> {
  return connectClient(url, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.secret,
    ...options,
  });
}

/** Connects any client (MQTT 3.1.1, no automatic reconnect). */
export function connectClient(url: string, options: IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(
    url,
    { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...options },
    false,
  );
}

/** The CONNACK return code a refused CONNECT got (fails when the CONNECT was accepted). */
export async function readConnackRefusal(url: string, options: IClientOptions): Promise<number> {
  try {
    const client = await connectClient(url, options);
    await client.endAsync(true);
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
  throw new Error('the CONNECT was accepted');
}

/** A message as the test saw it. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly body: unknown;
  readonly retain: boolean;
}

/** Records every message a client receives and waits for the ones a test expects. */
export function recordMessages(client: MqttClient) {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, body: JSON.parse(payload.toString()) as unknown, retain: packet.retain });
    for (const wake of waiters) wake();
  });
  return {
    messages,
    /** Resolves with the first recorded message matching `predicate`; rejects after `timeoutMs`. */
    waitFor(predicate: (message: ReceivedMessage) => boolean, timeoutMs = 5000): Promise<ReceivedMessage> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Resolves when the client's connection closes; rejects after `timeoutMs`. */
export function waitForClose(client: MqttClient, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!client.connected) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      reject(new Error(`still connected after ${timeoutMs} ms`));
    }, timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Polls `read` until `accept` holds; rejects with the last value after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The QoS granted to each filter, subscribed one at a time (128: refused; mqtt.js rejects a refused filter). */
export async function readGranted(client: MqttClient, filters: string[]): Promise<number[]> {
  const granted: number[] = [];
  for (const filter of filters) {
    try {
      const [grant] = await client.subscribeAsync(filter, { qos: 1 });
      granted.push(grant?.qos ?? -1);
    } catch (error) {
      const refusal = error as { code?: number; packet?: { granted?: (number | object)[] } };
      const code = refusal.code ?? refusal.packet?.granted?.[0];
      granted.push(typeof code === 'number' ? code : -1);
    }
  }
  return granted;
}
