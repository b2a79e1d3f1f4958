import type { RedisClient } from '@homeport/storage';
import aedesPacket from 'aedes-packet';
import { decode, encode } from 'msgpack-lite';

/** A packet as aedes hands it to its persistence. */
interface QueuedPacket {
  readonly cmd?: string;
  readonly qos?: number;
  readonly brokerId?: string;
  readonly brokerCounter?: number;
  readonly messageId?: number;
}

/** What of aedes-persistence-redis' async persistence this replaces (its callback wrapper holds it). */
interface OutgoingQueue {
  outgoingEnqueueCombi(subs: readonly { clientId: string }[], packet: QueuedPacket): Promise<void>;
  outgoingUpdate(client: { id: string }, packet: QueuedPacket): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: QueuedPacket): Promise<QueuedPacket | undefined>;
}

/** aedes' packet normaliser, as the library stores packets (its declarations type a namespace it lacks). */
const Packet = aedesPacket as unknown as new (original: QueuedPacket) => QueuedPacket;

/** Delivered packets awaiting their PUBACK remembered at most, as aedes-persistence-redis' own cache. */
const maxAwaitingAck = 100_000;

// The library's key layout (aedes-persistence-redis 11 asyncPersistence.js), so that its session resume
// (outgoingStream) and clean-up read what these scripts write.
const packetKey = (packet: QueuedPacket) => `packet:${packet.brokerId}:${packet.brokerCounter}`;
const sessionQueueKey = (clientId: string) => `outgoing:${encodeURIComponent(clientId)}`;
const awaitingAckKey = (clientId: string, messageId: number | undefined) =>
  `outgoing-id:${encodeURIComponent(clientId)}:${messageId}`;

// KEYS: packet, its subscriber count, then the session queues; ARGV: encoded packet, count, the packet key
// as queued (the client adds its key prefix to KEYS only).
const enqueueScript = `
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
for i = 3, #KEYS do redis.call('RPUSH', KEYS[i], ARGV[3]) end`;

// KEYS: session queue, packet, its subscriber count; ARGV: the packet key as queued. Removes the first
// match (acknowledgements come in queue order, so it is at the head) and the packet after its last PUBACK.
const acknowledgeScript = `
local packet = redis.call('GET', KEYS[2])
redis.call('LREM', KEYS[1], 1, ARGV[1])
if redis.call('DECR', KEYS[3]) == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
return packet`;

type ScriptedRedis = RedisClient & {
  enqueueOutgoing(...args: (string | number | Buffer)[]): Promise<unknown>;
  acknowledgeOutgoingBuffer(...args: string[]): Promise<Buffer | null>;
};

/**
 * Runs the queue of a persistent session's QoS 1 packets (fan-out's) in one Redis script per step:
 * queueing a packet for its sessions and removing it on PUBACK were 2 + 5 commands and a msgpack decode
 * (`npm run bench`: broker-api spent about 19% of a core at 2,500 msg/s on the outgoing queue). Same keys
 * and values as aedes-persistence-redis, whose own methods still handle what these do not: QoS 2, PUBREL,
 * and a PUBACK this process did not deliver. For a persistence without `packetTTL` and not on Redis
 * Cluster (a script's keys must share a slot), as `createRedisBrokerBackend` builds it.
 */
export function scriptOutgoingQueue(persistence: unknown, redis: RedisClient): void {
  const queue = (persistence as { asyncPersistence: OutgoingQueue }).asyncPersistence;
  const scripted = redis as ScriptedRedis;
  scripted.defineCommand('enqueueOutgoing', { lua: enqueueScript });
  scripted.defineCommand('acknowledgeOutgoing', { numberOfKeys: 3, lua: acknowledgeScript });
  const awaitingAck = new Map<string, string>();
  const library = {
    update: queue.outgoingUpdate.bind(queue),
    clear: queue.outgoingClearMessageId.bind(queue),
  };

  queue.outgoingEnqueueCombi = async (subs, packet) => {
    if (subs.length === 0) return;
    const key = packetKey(packet);
    const keys = [key, `${key}:offlineCount`, ...subs.map((sub) => sessionQueueKey(sub.clientId))];
    const encoded = encode(new Packet(packet));
    await scripted.enqueueOutgoing(keys.length, ...keys, encoded, subs.length, key);
  };

  queue.outgoingUpdate = async (client, packet) => {
    const isQos1Delivery =
      packet.cmd === 'publish' &&
      packet.qos === 1 &&
      packet.brokerId !== undefined &&
      packet.messageId !== undefined;
    const ackKey = awaitingAckKey(client.id, packet.messageId);
    if (!isQos1Delivery) {
      // The id is the library's now: a QoS 1 packet that had it before (never acknowledged) is not this one.
      awaitingAck.delete(ackKey);
      return library.update(client, packet);
    }
    const key = packetKey(packet);
    remember(awaitingAck, ackKey, key);
    // Stored again with its packet id, which a resumed session must be sent again (MQTT-4.4.0-1).
    await redis.set(key, encode(packet));
  };

  queue.outgoingClearMessageId = async (client, packet) => {
    const ackKey = awaitingAckKey(client.id, packet.messageId);
    const key = awaitingAck.get(ackKey);
    if (key === undefined) return library.clear(client, packet);
    awaitingAck.delete(ackKey);
    const queueKey = sessionQueueKey(client.id);
    const stored = await scripted.acknowledgeOutgoingBuffer(queueKey, key, `${key}:offlineCount`, key);
    if (stored === null) return undefined;
    return { ...(decode(stored) as QueuedPacket), messageId: packet.messageId };
  };
}

/** Remembers a delivered packet's key, forgetting the oldest beyond `maxAwaitingAck` (never acknowledged). */
function remember(awaitingAck: Map<string, string>, ackKey: string, key: string): void {
  awaitingAck.delete(ackKey); // a reused id becomes the newest entry
  awaitingAck.set(ackKey, key);
  if (awaitingAck.size > maxAwaitingAck) {
    const oldest = awaitingAck.keys().next().value;
    if (oldest !== undefined) awaitingAck.delete(oldest);
  }
}
