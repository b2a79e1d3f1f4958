import type { Aedes, Client, PublishPacket } from 'aedes';
import type { Writable } from 'node:stream';
import type { AuthorizePublish } from './access-hooks';

/** aedes' publish as its handlers call it (its typings leave out the client). */
type PublishWithClient = (
  packet: PublishPacket,
  client: Client | null,
  done?: (error?: Error) => void,
) => void;

/** What aedes' own write uses of its client (lib/write.js, lib/client.js); the typings leave these out. */
interface WritableClient {
  readonly connected: boolean;
  /** Set when aedes starts closing the client, before `connected` is cleared. */
  readonly closed: boolean;
  readonly conn: Writable;
  /** Calls back on the connection's 'drain', or at the client's close (it flushes the waiting callbacks). */
  waitForDrain(callback: () => void): void;
}

/**
 * Writes a QoS 1 PUBLISH's PUBACK as one 4-byte buffer: one write system call. aedes writes it through
 * mqtt-packet's writeToStream (cork, three small writes, an uncork on the next tick, so a writev) and calls
 * back after a setImmediate. What aedes' write does besides is kept: a connection closed or closing gets no
 * PUBACK (an error: the device sends the message again; aedes' write would wait there for a 'drain' that
 * its close had already flushed), a full socket buffer waits for 'drain' before the connection is read
 * again.
 */
function writePuback(client: Client, messageId: number, done: (error?: Error) => void): void {
  const writable = client as unknown as WritableClient;
  if (!writable.connected || writable.closed || writable.conn.destroyed) {
    done(new Error('connection closed'));
    return;
  }
  // MQTT 3.1.1 §3.4: type 4, remaining length 2, the packet identifier (big-endian).
  const puback = Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff]);
  if (writable.conn.write(puback)) {
    done();
  } else {
    writable.waitForDrain(() => {
      done();
    });
  }
}

/**
 * Installs `authorize` (access-hooks.ts) as the broker's publish authorization, and makes the broker
 * acknowledge a client's QoS 1 PUBLISH only after the message is stored for the persistent
 * sessions that want it (fan-out's) and routed. aedes 1.2 writes the PUBACK first and publishes after it
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
 *
 * The PUBACK of a QoS 1 PUBLISH published or ingested here is written where aedes' publish of it is
 * skipped (`writePuback`): the authorization step marks it QoS 0, so aedes' handler writes no PUBACK of its
 * own and only publishes it (lib/handlers/publish.js, `case 0`). A will, which aedes authorizes with its
 * client at the connection's end, has no packet identifier and is not acknowledged.
 */
export function publishBeforePuback(broker: Aedes, authorize: AuthorizePublish): void {
  const publish = (broker.publish as unknown as PublishWithClient).bind(broker);
  const publishedEarly = new WeakSet<PublishPacket>();
  const markPublished = (packet: PublishPacket) => {
    publishedEarly.add(packet);
    packet.qos = 0;
  };

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
        markPublished(packet);
        done(null);
        return;
      }
      // aedes copies what it publishes, so the packet's QoS can change once this returns.
      const stored = packet.qos === 1 ? packet : { ...packet, qos: 1 as const };
      publish(stored, client, (error) => {
        if (error instanceof Error) {
          done(error);
          return;
        }
        markPublished(packet);
        done(null);
      });
    });
  };
  (broker as unknown as { publish: PublishWithClient }).publish = (
    packet,
    client,
    done = () => undefined,
  ) => {
    if (!publishedEarly.delete(packet)) {
      publish(packet, client, done);
    } else if (client === null || packet.messageId === undefined) {
      done(); // a QoS 0 PUBLISH (mqtt-packet reads no identifier for it), or a will
    } else {
      writePuback(client, packet.messageId, done);
    }
  };
}
