import { parseDeviceTopic } from '@homeport/contracts';
import type { Logger } from '@homeport/observability';
import { Aedes } from 'aedes';
import type { EventEmitter } from 'node:events';
import type { BrokerBackend } from '../../adapters/broker-backend';
import { isDeliveredTo } from '../../domain/partition-delivery';
import { sendConnackFirst } from './connack-first';
import { installCurrentClientRegistration } from './current-client-registration';
import { skipUnreadSysPublications } from './unread-sys-publications';

/**
 * Creates the aedes broker on the shared backend, without hooks yet (install them before any listener
 * starts); it always writes a CONNACK before any PUBLISH (connack-first.ts), keeps a client id registered to
 * its newest connection (current-client-registration.ts), and queues for a partition session only its own
 * partition's messages; it leaves out the `$SYS` announcements nothing reads
 * (unread-sys-publications.ts). Errors of the emitter or persistence are logged; aedes retries what it can.
 */
export async function createMqttBroker(
  backend: BrokerBackend,
  options: { connectTimeoutMs: number; logger: Logger },
): Promise<Aedes> {
  const broker = await Aedes.createBroker({
    mq: backend.mq,
    persistence: backend.persistence,
    connectTimeout: options.connectTimeoutMs,
    // A slow or stuck subscriber must not stall delivery to everyone else.
    drainTimeout: 30_000,
  });
  skipUnreadSysPublications(broker);
  sendConnackFirst(broker);
  installCurrentClientRegistration(broker);
  queueForOwnPartitionOnly(broker);
  (broker as EventEmitter).on('error', (error: unknown) => {
    options.logger.error({ err: error }, 'mqtt broker error');
  });
  return broker;
}

/** The part of aedes' persistence (in memory or Redis) that queues a QoS 1 message for persistent sessions. */
interface SessionQueues {
  outgoingEnqueueCombi(subs: readonly { clientId: string }[], packet: { topic: string }): Promise<void>;
}

/**
 * A partition session's queue gets only its partition's messages (isDeliveredTo); authorizeForward skips
 * the same ones on live delivery, so a queued message is always one that will be delivered and acked.
 */
function queueForOwnPartitionOnly(broker: Aedes): void {
  const queues = (broker as unknown as { persistence: SessionQueues }).persistence;
  const enqueue = queues.outgoingEnqueueCombi.bind(queues);
  queues.outgoingEnqueueCombi = (subs, packet) => {
    const device = parseDeviceTopic(packet.topic);
    return enqueue(
      subs.filter((sub) => isDeliveredTo(sub.clientId, device)),
      packet,
    );
  };
}

/** Closes every client connection and the emitter. */
export function closeMqttBroker(broker: Aedes): Promise<void> {
  return new Promise((resolve) => {
    broker.close(() => {
      resolve();
    });
  });
}
