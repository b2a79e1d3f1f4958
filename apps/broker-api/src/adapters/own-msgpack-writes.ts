import type { RedisClient } from '@homeport/storage';
import { randomUUID } from 'node:crypto';
import { encodeMsgpack } from './msgpack-encoding';

type Done = (error?: unknown) => void;

/** A packet as aedes routes and retains it. */
interface RoutedPacket {
  readonly topic: string;
  readonly payload: Buffer;
}

/** The part of mqemitter-redis' prefixed emitter (mqemitter-redis 7) whose `emit` this replaces. */
interface PrefixedRedisEmitter {
  emit(packet: RoutedPacket, done?: Done): void;
  readonly closed?: boolean;
  readonly pubConn: RedisClient;
  readonly _pubSubPrefix: string;
  readonly _onError: Done;
}

/** The part of aedes-persistence-redis' async persistence whose `storeRetained` this replaces. */
interface RetainedStore {
  storeRetained(packet: RoutedPacket): Promise<void>;
}

// aedes-persistence-redis 11 (asyncPersistence.js): retained messages are the fields of one hash.
const retainedHashKey = 'retained';

/**
 * Routed and retained packets msgpack-encoded by `encodeMsgpack` (the same bytes) instead of msgpack-lite,
 * which allocated a zeroed 2 KiB buffer for each: a reconnecting device's retained presence, online and
 * offline, is a retained write and a routed publish each, and its takeover announcement a routed publish
 * (tools/bench/README.md, "CONNECTs per second"). The emitter's message is the library's `{ id, msg }`
 * with the channel prefix on the topic; `id` (the receivers' duplicate filter) is this emitter's
 * random id and a counter instead of hyperid's. For a persistence not on Redis Cluster, as
 * `createRedisBrokerBackend` builds it; decoding stays the libraries'.
 */
export function encodeWithOwnMsgpack(mq: unknown, persistence: unknown, redis: RedisClient): void {
  const emitter = mq as PrefixedRedisEmitter;
  const emitterId = randomUUID();
  let sent = 0;
  emitter.emit = (packet, done = emitter._onError) => {
    if (emitter.closed === true) {
      done(new Error('mqemitter-redis is closed'));
      return;
    }
    sent += 1;
    const topic = emitter._pubSubPrefix + packet.topic;
    const message = { id: `${emitterId}/${String(sent)}`, msg: { ...packet, topic } };
    emitter.pubConn.publish(topic, encodeMsgpack(message)).then(() => {
      done();
    }, done);
  };

  const retained = (persistence as { asyncPersistence: RetainedStore }).asyncPersistence;
  retained.storeRetained = async (packet) => {
    if (packet.payload.length === 0) await redis.hdel(retainedHashKey, packet.topic);
    else await redis.hset(retainedHashKey, packet.topic, encodeMsgpack(packet));
  };
}
