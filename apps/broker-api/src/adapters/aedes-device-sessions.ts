import { buildDeviceTopic } from '@homeport/contracts';
import type { Aedes } from 'aedes';
import type { DeviceSessions } from '../domain/device-lifecycle';
import { retainedTopicKinds } from './aedes-device-channel';

/** A queued packet, as aedes' persistence streams it. */
interface QueuedPacket {
  readonly messageId?: number;
}

/** The part of aedes' persistence (in memory or Redis; promises without callbacks) a session lives in. */
interface SessionPersistence {
  storeRetained(packet: { topic: string; payload: Buffer; qos: 0; retain: true }): Promise<void>;
  cleanSubscriptions(client: { id: string }): Promise<void>;
  outgoingStream(client: { id: string }): AsyncIterable<QueuedPacket>;
  outgoingUpdate(client: { id: string }, packet: QueuedPacket): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: QueuedPacket): Promise<unknown>;
  /** Absent from aedes-persistence-redis 11 (its QoS 2 store has no per-client clean-up). */
  cleanIncoming?: (client: { id: string }) => Promise<void>;
}

/** Largest MQTT packet identifier (MQTT 3.1.1 §2.3.1). */
const maxPacketId = 65_535;

/**
 * Forgets a device id in aedes' persistence, the same way for every replica (Redis) or this process (memory):
 * an empty retained payload removes a retained message (MQTT 3.1.1 §3.3.1.3; stored without being sent to
 * anyone), and the session goes as a clean CONNECT would remove it: subscriptions, the QoS 2 store where the
 * persistence has one, and each queued message, given a packet id and cleared as aedes clears a clean
 * session's queue (connect.js emptyQueue).
 */
export function createAedesDeviceSessions(broker: Aedes): DeviceSessions {
  const persistence = (broker as unknown as { persistence: SessionPersistence }).persistence;
  return {
    async forget(address) {
      const client = { id: address.deviceId };
      for (const kind of retainedTopicKinds) {
        const topic = buildDeviceTopic(kind, address);
        await persistence.storeRetained({ topic, payload: Buffer.alloc(0), qos: 0, retain: true });
      }
      await persistence.cleanSubscriptions(client);
      await persistence.cleanIncoming?.(client);
      let packetId = 0;
      for await (const queued of persistence.outgoingStream(client)) {
        packetId = (packetId % maxPacketId) + 1;
        const packet = { ...queued, messageId: packetId };
        await persistence.outgoingUpdate(client, packet);
        await persistence.outgoingClearMessageId(client, packet);
      }
    },
  };
}
