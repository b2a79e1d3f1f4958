import type { Aedes, Client, PublishPacket } from 'aedes';
import type { AuthorizePublish } from './access-hooks';

/** aedes' publish as its handlers call it (its typings leave out the client). */
type PublishWithClient = (
  packet: PublishPacket,
  client: Client | null,
  done?: (error?: Error) => void,
) => void;

/**
 * Installs `authorize` (access-hooks.ts) as the broker's publish authorization, and makes the broker
 * acknowledge a client's QoS 1 PUBLISH only after the message is stored for the persistent sessions that
 * want it (fan-out's) and routed. aedes 1.2 writes the PUBACK first and publishes after it
 * (lib/handlers/publish.js, `case 1`): a broker that died in between, or a store that failed, lost a message
 * the device had already dropped. Here the authorization step, once it allows the message, publishes it and
 * answers only when that is done (an error closes the connection without a PUBACK, so the device sends it
 * again); aedes' own publish after the PUBACK is then skipped for that packet.
 *
 * A QoS 0 PUBLISH is published the same way, as QoS 1: aedes queues only QoS 1 and 2 messages for
 * persistent sessions, so a device's QoS 0 message sent while fan-out's session was away (restart, failover)
 * was dropped without a trace, and one sent while it was there reached it at QoS 0 (lost if it died before
 * handling it). QoS 0 only spares the device the PUBACK; once the broker has a message, it is delivered at
 * least once to the persistent sessions that want it (README, "QoS 0").
 *
 * With the direct ingest, the authorization step already put a device's reported state, telemetry and
 * events on the ingest queue (confirmed) when it says `ingested`: they are neither queued for sessions
 * nor routed (fan-out does not read broker-api then).
 */
export function publishBeforePuback(broker: Aedes, authorize: AuthorizePublish): void {
  const publish = (broker.publish as unknown as PublishWithClient).bind(broker);
  const publishedEarly = new WeakSet<PublishPacket>();

  broker.authorizePublish = (client, packet, done) => {
    authorize(client, packet, (refusal, ingested) => {
      if (refusal !== null) {
        done(refusal);
        return;
      }
      if (client === null || packet.qos === 2) {
        done(null);
        return;
      }
      if (ingested) {
        publishedEarly.add(packet);
        done(null);
        return;
      }
      // A copy: aedes still answers the original by its own QoS (no PUBACK for QoS 0).
      const stored = packet.qos === 1 ? packet : { ...packet, qos: 1 as const };
      publish(stored, client, (error) => {
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
