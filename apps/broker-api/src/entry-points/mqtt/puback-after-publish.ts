import type { Aedes, Client, PublishPacket } from 'aedes';

/** aedes' publish as its handlers call it (its typings leave out the client). */
type PublishWithClient = (
  packet: PublishPacket,
  client: Client | null,
  done?: (error?: Error) => void,
) => void;

/**
 * Makes the broker acknowledge a client's QoS 1 PUBLISH only after the message is stored for the persistent
 * sessions that want it (fan-out's) and routed. aedes 1.2 writes the PUBACK first and publishes after it
 * (lib/handlers/publish.js, `case 1`): a broker that died in between, or a store that failed, lost a message
 * the device had already dropped. Here the authorization step, once it allows the message, publishes it and
 * answers only when that is done (an error closes the connection without a PUBACK, so the device sends it
 * again); aedes' own publish after the PUBACK is then skipped for that packet. Install after the
 * `authorizePublish` hook: it wraps it.
 */
export function publishBeforePuback(broker: Aedes): void {
  const authorize = broker.authorizePublish;
  const publish = (broker.publish as unknown as PublishWithClient).bind(broker);
  const publishedEarly = new WeakSet<PublishPacket>();

  broker.authorizePublish = (client, packet, done) => {
    authorize(client, packet, (refusal) => {
      if (refusal !== undefined && refusal !== null) {
        done(refusal);
        return;
      }
      if (client === null || packet.qos !== 1) {
        done(null);
        return;
      }
      publish(packet, client, (error) => {
        if (error instanceof Error) {
          done(error);
          return;
        }
        publishedEarly.add(packet);
        done(null);
      });
    });
  };
  (broker as unknown as { publish: PublishWithClient }).publish = (packet, client, done) => {
    if (publishedEarly.delete(packet)) {
      done?.();
      return;
    }
    publish(packet, client, done);
  };
}
