import type { Aedes, Client } from 'aedes';

/** aedes' per-connection delivery functions (lib/client.js); its typings leave them out. */
type Deliver = (packet: unknown, callback: () => void) => void;
interface DeliveringClient {
  deliverQoS: Deliver;
  deliver0: Deliver;
}
interface HeldDelivery {
  readonly deliver: Deliver;
  readonly packet: unknown;
  readonly callback: () => void;
}

/**
 * Makes the broker write a connection's CONNACK before any PUBLISH to it (MQTT-3.2.0-1). aedes 1.2 restores
 * a persistent session's subscriptions, then stores its will, and only then writes the CONNACK
 * (lib/handlers/connect.js): a message routed meanwhile is written on a restored subscription ahead of the
 * CONNACK. mqtt.js emits that message, holds its PUBACK until it is connected and reads nothing further
 * until the PUBACK is out: it never reads the CONNACK, and the resumed session receives nothing else.
 * A delivery to a connection that has no CONNACK yet waits for it; if the connection closes first the
 * delivery is dropped (a persistent session still has the message queued). Install before the listeners
 * start: it wraps `broker.handle`.
 */
export function sendConnackFirst(broker: Aedes): void {
  const waiting = new WeakMap<Client, HeldDelivery[]>();
  const handle = broker.handle;
  broker.handle = (stream, request) => {
    const client = handle(stream, request);
    const held: HeldDelivery[] = [];
    waiting.set(client, held);
    const hold =
      (deliver: Deliver): Deliver =>
      (packet, callback) => {
        if (waiting.get(client) === held) held.push({ deliver, packet, callback });
        else deliver(packet, callback);
      };
    const delivering = client as unknown as DeliveringClient;
    delivering.deliverQoS = hold(delivering.deliverQoS);
    delivering.deliver0 = hold(delivering.deliver0);
    stream.once('close', () => {
      if (waiting.get(client) !== held) return;
      waiting.delete(client);
      // Only releases the emitter's slots: nothing can be written to a closed connection.
      for (const { callback } of held.splice(0)) callback();
    });
    return client;
  };
  broker.on('connackSent', (_connack, client) => {
    const held = waiting.get(client) ?? [];
    waiting.delete(client);
    for (const { deliver, packet, callback } of held.splice(0)) deliver(packet, callback);
  });
}
